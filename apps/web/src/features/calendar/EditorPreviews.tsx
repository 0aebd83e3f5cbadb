import { Button, Divider, Group, List, Modal, Stack, Text } from "@mantine/core";
import { assetFileUrl, checkPostForNetwork, CONNECTABLE_NETWORKS, type CheckedMedia, type Connection, type Network, type Post, type Violation } from "@socialplan/schema";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useLibrary } from "../assets/assets.ts";
import { useMe } from "../auth/session.ts";
import { useOauthApps } from "../connections/oauth.ts";
import { cleanOptions, optionProblems, type OptionProblem, type VariantOptions } from "./channel-options-logic.ts";
import { canConnect } from "./connectable.ts";
import { useConnections } from "./posts.ts";
import { useBoardNames } from "./publish-options.ts";
import { LineIcon, PostPreviews, RuleMessage } from "../review/PostPreview.tsx";
import type { PreviewMedia, PreviewPost } from "../review/preview.ts";
import type { ChannelOption } from "./PostEditor.tsx";

/** The part of the editor's form the previews and the rules read. */
export interface Draft {
  title: string;
  body: string;
  link: string;
  channels: string[];
  variants: Record<string, string | null>;
  media: { assetId: string; alt: string }[];
  /** Per channel: its network's own fields (a YouTube title, a Pinterest board, an X thread…). */
  options?: Record<string, VariantOptions>;
}

type Facts = Omit<CheckedMedia, "kind">;

/** Each library file's facts the rules need (pixels, bytes, type, a video's length), by asset id. */
export function useMediaFacts(workspaceId: string): Map<string, CheckedMedia> {
  const library = useLibrary(workspaceId);
  return useMemo(
    () =>
      new Map(
        (library.data?.assets ?? []).map((a) => [
          a.id,
          { kind: a.kind === "video" ? "video" : a.kind === "document" ? "document" : "image", width: a.width, height: a.height, durationMs: a.durationMs ?? null, bytes: a.size, contentType: a.contentType } satisfies CheckedMedia,
        ]),
      ),
    [library.data],
  );
}

/** A channel's own field that its network would refuse (a Pinterest Pin with no board, TikTok with no privacy). */
export interface OptionViolation {
  rule: OptionProblem["rule"];
  severity: "error";
  params: Record<string, string | number>;
}

/** One broken rule of one chosen channel, with the form field it is about (as the server names it). */
export interface RuleIssue {
  channel: ChannelOption;
  violation: Violation | OptionViolation;
  field: string;
}

/**
 * What in the draft breaks the rules of each chosen channel's network, with the field to change; for a channel that
 * publishes by itself (`connections`), also what its own fields still need (a Pinterest board, TikTok's privacy).
 */
export function ruleIssues(draft: Draft, channels: ChannelOption[], facts: Map<string, CheckedMedia>, connections?: Connection[]): RuleIssue[] {
  const media = draft.media.flatMap((m) => facts.get(m.assetId) ?? []);
  return draft.channels.flatMap((id, i) => {
    const channel = channels.find((c) => c.id === id);
    if (!channel) return [];
    const own = draft.variants[id];
    const textField = own === null || own === undefined ? "body" : `variants.${i}.text`;
    const rules: RuleIssue[] = checkPostForNetwork(channel.network, { text: own ?? draft.body, link: draft.link.trim() || null, media }).map((violation) => ({
      channel,
      violation,
      field: violation.rule === "too_long" || violation.rule === "too_many_hashtags" ? textField : typeof violation.params.item === "number" ? `media.${violation.params.item - 1}.assetId` : "media",
    }));
    const automatic = connections?.some((c) => c.channelId === id);
    const fields = automatic ? optionProblems(channel.network, draft.options?.[id]?.options, media, draft.title) : [];
    return [
      ...rules,
      ...fields.map((p): RuleIssue => ({ channel, violation: { rule: p.rule, severity: "error", params: p.params }, field: p.field === "media" ? "media" : `variants.${i}.options.${p.field}` })),
    ];
  });
}

/** The label of the field an issue is about: the post's text, a channel's own text, or the media. */
export function useFieldLabel() {
  const { t } = useTranslation();
  return (issue: RuleIssue) =>
    issue.field === "body"
      ? t("posts.body")
      : issue.field.includes(".options.")
        ? t("channelOptions.title", { channel: issue.channel.label })
        : issue.field.startsWith("variants.")
          ? t("posts.variantFor", { channel: issue.channel.label })
          : t("posts.media");
}

/** Chosen channels whose network the app can publish to by itself, but which have no connected account. */
export const unconnectedChannels = (chosen: ChannelOption[], connections: Connection[] | undefined, offer: (network: Network) => boolean = (n) => CONNECTABLE_NETWORKS.includes(n)) =>
  chosen.filter((c) => offer(c.network) && !connections?.some((x) => x.channelId === c.id));

/**
 * Whether to offer connecting a channel of a network (see `canConnect`): the instance's sign-in apps as an instance
 * admin reads them, else what the workspace's connections show.
 */
export function useConnectOffer(workspaceId: string): (network: Network) => boolean {
  const me = useMe();
  const admin = me.data?.instanceAdmin === true;
  const apps = useOauthApps(admin);
  const connections = useConnections(workspaceId);
  const configured = admin && apps.data ? new Set(apps.data.apps.filter((a) => a.configured).map((a) => a.provider)) : null;
  return (network) => canConnect(network, configured, connections.data);
}

/**
 * How each chosen channel will publish, said before scheduling: automatically through its connected account, or by
 * reminder (the assignee is told at the time, posts it by hand and marks it published). A channel the app could
 * publish to by itself offers to connect its account.
 */
export function PublishModes({ chosen, connections, offer = (n) => CONNECTABLE_NETWORKS.includes(n), onConnect }: { chosen: ChannelOption[]; connections: Connection[] | undefined; offer?: (network: Network) => boolean; onConnect?: (() => void) | undefined }) {
  const { t } = useTranslation();
  if (!chosen.length) return null;
  return (
    <Stack gap={4} data-testid="publish-modes">
      {chosen.map((c) => {
        const conn = connections?.find((x) => x.channelId === c.id);
        const connectable = offer(c.network);
        return (
          <Group key={c.id} gap={6} wrap="nowrap" align="flex-start" data-testid={`publish-mode-${c.network}`} data-mode={conn ? "auto" : "reminder"}>
            <Text size="sm" c={conn ? (conn.status === "active" ? "teal.8" : "orange.8") : "grape.8"} pt={2} aria-hidden>
              <LineIcon name={conn ? (conn.status === "active" ? "auto" : "paused") : "reminder"} size={16} />
            </Text>
            <Text size="sm" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
              <Text span fw={600} size="sm">
                {c.label}:
              </Text>{" "}
              {conn
                ? conn.status === "active"
                  ? t("posts.mode.auto", { account: conn.label })
                  : t("posts.mode.paused", { account: conn.label })
                : t("posts.mode.reminder")}
              {!conn && connectable && onConnect && (
                <>
                  {" "}
                  <Button variant="subtle" size="compact-xs" onClick={onConnect}>
                    {t("posts.mode.connect", { network: t(`networks.${c.network}`) })}
                  </Button>
                </>
              )}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

/** The draft as each chosen channel's network will show it, with that network's rules above each mock. */
export function EditorPreviews({ workspaceId, accountName, timeZone, draft, channels, facts, scheduledAt, status }: {
  workspaceId: string;
  accountName: string;
  timeZone: string;
  draft: Draft;
  channels: ChannelOption[];
  facts: Map<string, CheckedMedia>;
  scheduledAt: string | null;
  status: Post["status"];
}) {
  const { t } = useTranslation();
  const connections = useConnections(workspaceId);
  const pinConnections = draft.channels.flatMap((id) => {
    const c = channels.find((x) => x.id === id);
    const conn = c?.network === "pinterest" ? connections.data?.find((x) => x.channelId === id) : undefined;
    return conn ? [conn.id] : [];
  });
  const boards = useBoardNames(workspaceId, pinConnections);
  const boardName = (channelId: string, boardId: string | undefined) => {
    const conn = connections.data?.find((x) => x.channelId === channelId);
    return boardId && conn ? (boards.get(conn.id)?.get(boardId) ?? null) : null;
  };
  const preview: PreviewPost = {
    id: "draft",
    title: draft.title,
    status,
    scheduledAt,
    link: draft.link.trim() || null,
    channels: draft.channels.flatMap((id) => {
      const c = channels.find((x) => x.id === id);
      const options = cleanOptions(c?.network ?? "other", draft.options?.[id]?.options);
      const thumbnail = c?.network === "youtube" ? options?.thumbnailAssetId : undefined;
      return c
        ? [{ channelId: id, network: c.network, handle: c.handle, text: draft.variants[id] ?? draft.body, ...(options ? { options } : {}), ...(thumbnail ? { thumbnailUrl: assetFileUrl(workspaceId, thumbnail) } : {}), ...(c.network === "pinterest" ? { boardName: boardName(id, options?.boardId) } : {}) }]
        : [];
    }),
    media: draft.media.map((m): PreviewMedia => {
      const f = facts.get(m.assetId);
      const { kind = "image", ...rest } = f ?? {};
      return { url: assetFileUrl(workspaceId, m.assetId), alt: m.alt, kind: kind === "video" ? "video" : kind === "document" ? "document" : "image", ...(f ? { facts: rest as Facts } : {}) };
    }),
  };
  if (!preview.channels.length) return null;
  return (
    <Stack gap="xs" data-testid="editor-previews">
      <Divider label={t("posts.previews")} labelPosition="left" />
      <PostPreviews post={preview} accountName={accountName} timeZone={timeZone} />
    </Stack>
  );
}

/**
 * Asked when Schedule is pressed and something needs a look: what a network would refuse (scheduling waits until it
 * is fixed, with the field named), what it would change (a crop, a scaled-down photo), and channels that will be
 * reminders though they could publish by themselves (with a way to connect them).
 */
export function ScheduleCheck({ issues, unconnected, onConnect, onConfirm, onClose }: {
  issues: RuleIssue[];
  unconnected: ChannelOption[];
  onConnect?: (() => void) | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const errors = issues.filter((i) => i.violation.severity === "error");
  const warnings = issues.filter((i) => i.violation.severity === "warning");
  return (
    <Modal opened onClose={onClose} title={errors.length ? t("posts.check.blockedTitle") : t("posts.check.title")} size="lg" data-testid="schedule-check">
      <Stack gap="sm">
        {errors.length > 0 && (
          <Stack gap={4} data-testid="schedule-errors">
            <Text size="sm">{t("posts.check.blocked")}</Text>
            <List size="sm" spacing={4}>
              {errors.map((i, n) => (
                <List.Item key={n}>
                  <RuleMessage network={i.channel.network} violation={i.violation} />{" "}
                  <Text span size="xs" c="dimmed">
                    ({t("posts.check.field", { field: fieldLabel(i) })})
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        {warnings.length > 0 && (
          <Stack gap={4} data-testid="schedule-warnings">
            <Text size="sm">{t("posts.check.warnings")}</Text>
            <List size="sm" spacing={4}>
              {warnings.map((i, n) => (
                <List.Item key={n}>
                  <RuleMessage network={i.channel.network} violation={i.violation} />
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        {unconnected.length > 0 && (
          <Stack gap={4} data-testid="schedule-unconnected">
            <Text size="sm">
              <LineIcon name="reminder" /> {t("posts.check.unconnected", { channels: unconnected.map((c) => c.label).join(", ") })}</Text>
            {onConnect && (
              <Button variant="light" size="xs" w="fit-content" onClick={onConnect}>
                {t("posts.check.connect")}
              </Button>
            )}
          </Stack>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {errors.length ? t("posts.check.fix") : t("posts.check.back")}
          </Button>
          {!errors.length && (
            <Button color="teal" onClick={onConfirm} data-testid="schedule-anyway">
              {unconnected.length && !warnings.length ? t("posts.check.asReminder") : t("posts.check.anyway")}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
