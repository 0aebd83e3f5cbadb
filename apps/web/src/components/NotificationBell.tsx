import { ActionIcon, Badge, Indicator, Menu, Stack, Text } from "@mantine/core";
import type { Notification, Workspace } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { get, post } from "../api/client.ts";
import { useWorkspaceEvents } from "../lib/events.ts";
import { useFormat } from "../lib/format.ts";
import { workspaceKey } from "../features/workspaces/workspace.ts";

/** Assignments, mentions, review requests and decisions, and cards due soon, for the current workspace; live over the event stream. */
export function NotificationBell({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  // Times on the workspace's clock, like the posts they are about (the layout may show the bell outside the workspace's routes).
  const workspace = useQuery({ queryKey: workspaceKey(workspaceId), queryFn: () => get<Workspace>(`/workspaces/${workspaceId}`) });
  const f = useFormat(workspace.data?.timezone);
  const key = ["notifications", workspaceId];
  const list = useQuery({ queryKey: key, queryFn: () => get<Notification[]>(`/workspaces/${workspaceId}/notifications`), refetchInterval: 60_000 });
  const reload = useCallback(() => void client.invalidateQueries({ queryKey: ["notifications", workspaceId] }), [client, workspaceId]);
  // Card changes (due dates, assignments) and new notifications from anywhere: a server, a publishing worker.
  useWorkspaceEvents(workspaceId, "board", reload);
  useWorkspaceEvents(workspaceId, "notification", reload);
  const unread = (list.data ?? []).filter((n) => !n.read).length;
  const markAll = async () => {
    await post("/me/notifications/read", {});
    await client.invalidateQueries({ queryKey: key });
  };
  return (
    <Menu width={340} position="bottom-end" onOpen={() => void (unread && markAll())}>
      {/* The menu's button itself takes the menu's ARIA attributes (a div around it may not). */}
      <Indicator label={unread} size={16} disabled={!unread} color="red">
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={t("notifications.open", { count: unread })} data-testid="notifications">
            <BellIcon />
          </ActionIcon>
        </Menu.Target>
      </Indicator>
      <Menu.Dropdown>
        {(list.data ?? []).length === 0 && (
          <Stack gap={4} align="center" p="md" data-testid="notifications-empty">
            <Text c="teal.9" lh={0} aria-hidden>
              <BellIcon size={32} />
            </Text>
            <Text size="sm" fw={600}>
              {t("notifications.none")}
            </Text>
            <Text size="xs" c="dimmed" ta="center">
              {t("notifications.noneHint")}
            </Text>
          </Stack>
        )}
        {(list.data ?? []).slice(0, 12).map((n, i) => (
          <Menu.Item key={n.id ?? `due-${n.cardId}-${i}`} onClick={() => void navigate(target(workspaceId, n))}>
            <Stack gap={0}>
              <Text size="sm" fw={n.read ? 400 : 600}>
                {t(`notifications.kinds.${n.kind}`, { actor: n.actorName ?? "—", card: n.cardTitle })}
              </Text>
              {n.kind === "due_soon" ? (
                // A card's due date is a calendar day (sent as midnight UTC): shown as that day, never shifted by a zone.
                <Badge size="xs" color="orange" variant="light" w="fit-content" component="time" dateTime={n.createdAt.slice(0, 10)}>
                  {t("notifications.dueOn", { date: f.day(n.createdAt) })}
                </Badge>
              ) : (
                <Text size="xs" c="dimmed" component="time" dateTime={n.createdAt} title={f.exact(n.createdAt)}>
                  {f.relative(n.createdAt)}
                </Text>
              )}
            </Stack>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Review requests, mentions and decisions on a post open its review; other news about a post opens it in the calendar. */
const REVIEW_KINDS: ReadonlySet<Notification["kind"]> = new Set(["approval_requested", "mentioned", "changes_requested", "approved"]);
function target(workspaceId: string, n: Notification): string {
  if (n.kind === "review_due") return `/w/${workspaceId}/strategy/reviews`;
  // A connection's sign-in running out or withdrawn: the accounts panel, where it is signed in again.
  if (n.kind === "connection_expiring" || n.kind === "connection_revoked") return `/w/${workspaceId}/calendar?accounts=1`;
  if (n.postId) return REVIEW_KINDS.has(n.kind) ? `/w/${workspaceId}/review/${n.postId}` : `/w/${workspaceId}/calendar?post=${n.postId}`;
  return `/w/${workspaceId}/board${n.cardId ? `?card=${n.cardId}` : ""}`;
}

/** A bell drawn inline, so it shows whether or not the system has an emoji font. */
function BellIcon({ size = 20 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
