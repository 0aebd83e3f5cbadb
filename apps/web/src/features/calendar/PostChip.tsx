import { Anchor, Badge, Group, Image, Stack, Text, Tooltip } from "@mantine/core";
import { utcToZoned } from "@socialplan/domain";
import { assetThumbnailUrl, type Post, type PostStatus } from "@socialplan/schema";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import classes from "./calendar.module.css";
import { NetworkMark } from "./NetworkMark.tsx";
import type { ChannelOption } from "./PostEditor.tsx";
import { StatusBadge, StatusIcon, STATUS_FILL } from "./StatusBadge.tsx";

/** Chip backgrounds: a light tint of the status, its strong shade as the border (drafts and ideas dashed). */
export const STATUS_TINT: Record<PostStatus, string> = {
  idea: "#f1f3f5",
  draft: "#f1f3f5",
  in_review: "#fff9db",
  approved: "#f4fce3",
  scheduled: "#e7f5ff",
  publishing: "#e3fafc",
  published: "#e6fcf5",
  failed: "#fff5f5",
  needs_attention: "#fff4e6",
};

export type ChipLayout = "grid" | "compact" | "list";

interface ChipProps {
  post: Post;
  /** This occurrence's instant (a repeating post has several). */
  at: string;
  zone: string;
  workspaceId: string;
  channels: Map<string, ChannelOption>;
  layout: ChipLayout;
  /** Select mode: the chip shows a checkbox and a click toggles it. */
  selecting: boolean;
  selected: boolean;
  /** No preview while the chip follows the pointer in a drag. */
  mirror?: boolean;
}

function Thumb({ post, workspaceId, size }: { post: Post; workspaceId: string; size: number }) {
  const [broken, setBroken] = useState(false);
  const first = post.media[0];
  if (!first || broken) return null;
  return <img className={classes.thumb} src={assetThumbnailUrl(workspaceId, first.assetId)} alt={first.alt} width={size} height={size} loading="lazy" onError={() => setBroken(true)} />;
}

/** The channels of a post as network marks (each named by its channel). */
export function ChannelMarks({ post, channels, size = 14, max = 4 }: { post: Post; channels: Map<string, ChannelOption>; size?: number; max?: number }) {
  const shown = post.variants.slice(0, max);
  const rest = post.variants.length - shown.length;
  return (
    <span className={classes.marks}>
      {shown.map((v) => {
        const c = channels.get(v.channelId);
        return <NetworkMark key={v.channelId} network={c?.network ?? "other"} label={c?.label} size={size} />;
      })}
      {rest > 0 && <span className={classes.more}>+{rest}</span>}
    </span>
  );
}

/** Everything about a post at a glance: shown when a chip is hovered or focused. */
export function ChipPreview({ post, at, zone, workspaceId, channels }: Omit<ChipProps, "layout" | "selecting" | "selected">) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const text = post.body.length > 500 ? `${post.body.slice(0, 500)}…` : post.body;
  return (
    <Stack gap={6} data-testid="chip-preview">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {f.dateTime(at)}
        </Text>
        <StatusBadge status={post.status} />
      </Group>
      {post.title && (
        <Text size="sm" fw={600} lineClamp={2}>
          {post.title}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }} lineClamp={8}>
        {text || t("calendar.chip.noText")}
      </Text>
      {post.media.length > 0 && (
        <Group gap={4}>
          {post.media.slice(0, 4).map((m) => (
            <Image key={m.assetId} src={assetThumbnailUrl(workspaceId, m.assetId)} alt={m.alt} w={64} h={64} radius="sm" fit="cover" />
          ))}
          {post.media.length > 4 && <Text size="xs">{t("calendar.more", { count: post.media.length - 4 })}</Text>}
        </Group>
      )}
      {post.link && (
        <Anchor size="xs" component="span" style={{ wordBreak: "break-all" }}>
          {post.link}
        </Anchor>
      )}
      <Stack gap={2}>
        {post.variants.map((v) => {
          const c = channels.get(v.channelId);
          const delivery = post.deliveries.find((d) => d.channelId === v.channelId);
          return (
            <Group key={v.channelId} gap={6} wrap="nowrap">
              <NetworkMark network={c?.network ?? "other"} label={c?.label} />
              <Text size="xs">{c?.label ?? t("posts.removedChannel")}</Text>
              {delivery && (
                <Badge size="xs" variant="light" color={delivery.mode === "auto" ? "teal" : "grape"}>
                  {t(`posts.mode_${delivery.mode}`)}
                </Badge>
              )}
            </Group>
          );
        })}
        {post.variants.length === 0 && (
          <Text size="xs" c="dimmed">
            {t("posts.warning_no_channel")}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

/**
 * A post on the calendar (FullCalendar's `eventContent`): status as tint, border and icon, the time in the
 * workspace's zone, the channels' marks, the first image and the title; hovering or focusing it shows the whole
 * post. The calendar's own event element keeps the focus and Enter (FullCalendar makes it a button).
 */
export function PostChip(props: ChipProps) {
  const { post, at, zone, workspaceId, channels, layout, selecting, selected, mirror } = props;
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const host = (ref.current?.closest(".fc-event") as HTMLElement | null) ?? ref.current;
    if (!host || mirror) return;
    const show = () => setOpen(true);
    const hide = () => setOpen(false);
    host.addEventListener("mouseenter", show);
    host.addEventListener("mouseleave", hide);
    host.addEventListener("focusin", show);
    host.addEventListener("focusout", hide);
    host.addEventListener("pointerdown", hide);
    return () => {
      host.removeEventListener("mouseenter", show);
      host.removeEventListener("mouseleave", hide);
      host.removeEventListener("focusin", show);
      host.removeEventListener("focusout", hide);
      host.removeEventListener("pointerdown", hide);
    };
  }, [mirror]);
  const time = utcToZoned(at, zone).time;
  const status = t(`posts.status_${post.status}`);
  const title = post.title || post.body.split("\n")[0] || t("posts.untitled");
  const check = selecting && (
    <span className={classes.check} data-checked={selected || undefined} aria-hidden>
      {selected ? "✓" : ""}
    </span>
  );
  const srSelected = selecting && <span className={classes.sr}>{selected ? t("calendar.select.selected") : t("calendar.select.notSelected")}</span>;
  let body;
  if (layout === "list") {
    body = (
      <div className={classes.listChip}>
        {check}
        <Thumb post={post} workspaceId={workspaceId} size={40} />
        <div className={classes.listText}>
          <span className={classes.title}>{title}</span>
          {post.title && post.body && <span className={classes.excerpt}>{post.body.split("\n")[0]}</span>}
        </div>
        <ChannelMarks post={post} channels={channels} size={18} />
        <span className={classes.statusText} style={{ color: STATUS_FILL[post.status] }}>
          <StatusIcon status={post.status} size={14} />
          {status}
        </span>
        {srSelected}
      </div>
    );
  } else if (layout === "compact") {
    body = (
      <div className={classes.compactChip}>
        <span className={classes.time}>{time}</span>
        <span className={classes.line} style={{ color: STATUS_FILL[post.status] }}>
          {check}
          <StatusIcon status={post.status} size={11} label={status} />
          <ChannelMarks post={post} channels={channels} size={12} max={2} />
        </span>
        {srSelected}
      </div>
    );
  } else {
    body = (
      <div className={classes.gridChip}>
        <span className={classes.line}>
          {check}
          <span style={{ color: STATUS_FILL[post.status], display: "inline-flex" }}>
            <StatusIcon status={post.status} size={13} label={status} />
          </span>
          <span className={classes.time}>{time}</span>
          <ChannelMarks post={post} channels={channels} size={14} max={3} />
        </span>
        <span className={classes.line}>
          <Thumb post={post} workspaceId={workspaceId} size={26} />
          <span className={classes.title}>{title}</span>
        </span>
        {srSelected}
      </div>
    );
  }
  return (
    <Tooltip
      opened={open && !mirror}
      label={<ChipPreview post={post} at={at} zone={zone} workspaceId={workspaceId} channels={channels} />}
      position="right-start"
      withinPortal
      multiline
      w={320}
      classNames={{ tooltip: classes.preview }}
      transitionProps={{ duration: 0 }}
    >
      <div ref={ref} className={classes.chip} data-testid="post-chip" data-post-id={post.id} data-status={post.status} data-selected={selected || undefined} tabIndex={layout === "list" ? 0 : undefined}
        role={layout === "list" ? "button" : undefined}
        onKeyDown={(e) => {
          // In the list FullCalendar gives the row no button; Enter and Space click it (which opens or selects the post).
          if (layout === "list" && (e.key === "Enter" || e.key === " ")) {
            e.preventDefault();
            ref.current?.click();
          }
        }}
      >
        {body}
      </div>
    </Tooltip>
  );
}
