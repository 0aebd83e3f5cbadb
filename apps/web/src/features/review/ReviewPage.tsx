import { Alert, Anchor, Badge, Button, Card, Divider, EmptyState, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { assetFileUrl, type Post, type Workspace } from "@socialplan/schema";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useFormat } from "../../lib/format.ts";
import { useLibrary } from "../assets/assets.ts";
import { StatusBadge } from "../calendar/StatusBadge.tsx";
import { usePeople } from "../people/people.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { ActivityThread } from "./ActivityThread.tsx";
import { PostPreviews } from "./PostPreview.tsx";
import { postLabel, previewOfPost, type ChannelInfo, type PreviewMedia } from "./preview.ts";
import { approverNames, channelsOf, useActivity, usePost, useReviewApi, useReviewQueue } from "./review.ts";
import { ReviewBox } from "./ReviewBox.tsx";
import { ShareDialog } from "./ShareDialog.tsx";
import classes from "./review.module.css";

/**
 * The review screen: the posts waiting for a decision (oldest first) beside the one open, shown as each of its
 * networks will show it, with its conversation and history, and Approve / Request changes for those allowed.
 * After a decision the next waiting post opens.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const { postId } = useParams();
  const navigate = useNavigate();
  const queue = useReviewQueue(current.workspaceId);
  const [sharing, setSharing] = useState(false);
  const posts = queue.data?.posts ?? [];
  const selectedId = postId ?? posts[0]?.id;
  const inQueue = posts.find((p) => p.id === selectedId);
  const single = usePost(current.workspaceId, selectedId, !!queue.data && !inQueue);
  const selected = inQueue ?? single.data ?? null;
  const workspace = current.data;

  const openNext = (decided: string) => {
    const i = posts.findIndex((p) => p.id === decided);
    const rest = posts.filter((p) => p.id !== decided);
    const next = rest[Math.min(Math.max(i, 0), rest.length - 1)];
    void navigate(`/w/${current.workspaceId}/review${next ? `/${next.id}` : ""}`, { replace: true });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="start" wrap="wrap">
        <PageHeader title={t("approvals.title")} intro={t("approvals.intro")} />
        {current.can("editor") && (
          <Button variant="light" onClick={() => setSharing(true)}>
            {t("approvals.share")}
          </Button>
        )}
      </Group>
      {queue.isPending || !workspace ? (
        <Group align="start" wrap="nowrap">
          <Skeleton h={320} w={280} visibleFrom="md" />
          <Skeleton h={420} style={{ flex: 1 }} />
        </Group>
      ) : queue.error ? (
        <Alert color="red">{queue.error.message}</Alert>
      ) : (
        posts.length === 0 && !postId ? (
          <EmptyState title={t("approvals.emptyTitle")} description={t("approvals.emptyText")} icon={<CheckIcon />} variant="light" color="teal" py="xl" data-testid="review-empty">
            <EmptyState.Actions>
              <Button component={Link} to={`/w/${current.workspaceId}/calendar`}>
                {t("approvals.toCalendar")}
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          <div className={posts.length ? classes.layout : undefined}>
            {posts.length > 0 && <Queue workspace={workspace} posts={posts} selectedId={selected?.id} />}
            {selected ? (
              <PostReview key={selected.id} workspace={workspace} post={selected} canApprove={!!queue.data?.canApprove} onDecided={() => openNext(selected.id)} />
            ) : single.isPending ? (
              <Skeleton h={420} />
            ) : (
              <Alert color="orange">{t("approvals.postGone")}</Alert>
            )}
          </div>
        )
      )}
      {sharing && workspace && <ShareDialog workspace={workspace} onClose={() => setSharing(false)} />}
    </Stack>
  );
}

/** The waiting posts, oldest first; on a phone a short list above the open post. */
function Queue({ workspace, posts, selectedId }: { workspace: Workspace; posts: Post[]; selectedId: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat(workspace.timezone);
  return (
    <Paper withBorder p="xs" radius="md" component="nav" aria-label={t("approvals.queue")} className={classes.queue}>
      <Group justify="space-between" px={6} pb={6}>
        <Text size="sm" fw={700}>
          {t("approvals.waiting")}
        </Text>
        <Badge variant="light" color="yellow">
          {posts.length}
        </Badge>
      </Group>
      <Stack gap={4} mah={{ base: 220, md: "calc(100vh - 160px)" }} style={{ overflowY: "auto" }} component="ol" p={0} m={0} data-testid="review-queue">
        {posts.map((p) => {
          const active = p.id === selectedId;
          return (
            <li key={p.id} style={{ listStyle: "none" }}>
              <UnstyledButton
                component={Link}
                to={`/w/${workspace.id}/review/${p.id}`}
                aria-current={active ? "true" : undefined}
                p={8}
                w="100%"
                style={{ display: "block", borderRadius: 6, background: active ? "var(--mantine-color-teal-0)" : undefined, outline: active ? "1px solid var(--mantine-color-teal-4)" : undefined }}
                data-testid="queue-item"
              >
                <Text size="sm" fw={600} lineClamp={2}>
                  {postLabel(p, t("posts.untitled"))}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.scheduledAt ? f.dateTime(p.scheduledAt) : t("approvals.noTime")} · {t("approvals.channelCount", { count: p.variants.length })}
                </Text>
              </UnstyledButton>
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** The open post: what it is, its previews, its thread, and the decision. */
function PostReview({ workspace, post, canApprove, onDecided }: { workspace: Workspace; post: Post; canApprove: boolean; onDecided: () => void }) {
  const { t } = useTranslation();
  const f = useFormat(workspace.timezone);
  const strategy = useStrategy(workspace.id);
  const people = usePeople(workspace.id);
  const library = useLibrary(workspace.id);
  const activity = useActivity(workspace.id, post.id);
  const api = useReviewApi(workspace.id);
  const members = people.data?.members ?? [];
  const names = members.map((m) => m.name).filter(Boolean);
  const channels: ChannelInfo[] = useMemo(() => channelsOf(strategy.data), [strategy.data]);
  const kinds = useMemo(() => new Map((library.data?.assets ?? []).map((a) => [a.id, a.kind])), [library.data]);
  const media = (assetId: string, alt: string): PreviewMedia => ({ url: assetFileUrl(workspace.id, assetId), alt, kind: kinds.get(assetId) === "video" ? "video" : "image" });
  const preview = previewOfPost(post, channels, media);
  const inReview = post.status === "in_review";
  const approvers = approverNames(members);

  return (
    <div className={classes.post} data-testid="review-post">
      <Stack gap="md">
        <Card withBorder radius="md" padding="md">
          <Group justify="space-between" align="start" wrap="wrap" gap="xs">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Title order={2} size="h3" style={{ overflowWrap: "anywhere" }}>
                {postLabel(post, t("posts.untitled"))}
              </Title>
              <Group gap="xs">
                <StatusBadge status={post.status} />
                <Text size="sm" c="dimmed">
                  {post.scheduledAt ? t("approvals.goesOut", { when: f.dateTime(post.scheduledAt), zone: workspace.timezone }) : t("approvals.noTimeLong")}
                </Text>
              </Group>
            </Stack>
            <Anchor component={Link} to={`/w/${workspace.id}/calendar?post=${post.id}`} size="sm">
              {t("approvals.openInCalendar")}
            </Anchor>
          </Group>
          {post.lastReview?.decision === "changes_requested" && !inReview && (
            <Alert color="orange" mt="sm" title={t("approvals.changesRequestedBy", { name: post.lastReview.byName ?? t("approvals.someone") })}>
              {post.lastReview.note}
            </Alert>
          )}
          {!inReview && post.lastReview?.decision !== "changes_requested" && (
            <Alert color="gray" mt="sm">
              {t("approvals.notWaiting", { status: t(`posts.status_${post.status}`) })}
            </Alert>
          )}
        </Card>
        <PostPreviews post={preview} accountName={workspace.name} timeZone={workspace.timezone} />
      </Stack>
      <Card withBorder radius="md" padding="md" className={classes.side}>
        <Title order={3} size="h5" mb="sm">
          {t("approvals.activity")}
        </Title>
        {activity.isPending ? <Skeleton h={60} /> : <ActivityThread activity={activity.data ?? []} names={names} timeZone={workspace.timezone} />}
        <Divider my="md" />
        <ReviewBox
          names={names}
          canDecide={canApprove}
          inReview={inReview}
          onComment={(body) => api.comment(post.id, body)}
          onApprove={async (note) => {
            await api.approve(post.id, note);
            onDecided();
          }}
          onRequestChanges={async (note) => {
            await api.requestChanges(post.id, note);
            onDecided();
          }}
        />
        {inReview && !canApprove && (
          <Text size="sm" c="dimmed" mt="xs" data-testid="who-approves">
            {approvers.length ? t("approvals.whoApproves", { names: approvers.join(", ") }) : t("approvals.whoApprovesRoles")}
          </Text>
        )}
      </Card>
    </div>
  );
}

function CheckIcon() {
  return (
    <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M20 6 9 17l-5-5" />
    </svg>
  );
}
