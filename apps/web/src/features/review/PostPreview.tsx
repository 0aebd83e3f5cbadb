import { Alert, Anchor, Avatar, Box, Group, Paper, Stack, Text, UnstyledButton } from "@mantine/core";
import { NETWORK_RULES, ratioLabel, type Network, type Violation } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { safeHref } from "../../lib/safe-href.ts";
import { NETWORK_COLORS } from "../calendar/network-colors.ts";
import classes from "./review.module.css";
import { avatarLetter, displayHandle, localPostParts, previewParts, telegramMode, textPieces, threadParts, type PreviewChannel, type PreviewMedia, type PreviewParts, type PreviewPost } from "./preview.ts";

/** Networks whose posts open with the picture and put the text under it, as a caption. */
const MEDIA_FIRST: ReadonlySet<Network> = new Set(["instagram", "pinterest", "tiktok", "youtube"]);
/** Websites and blogs show the post's title as the article's headline. */
const ARTICLE: ReadonlySet<Network> = new Set(["website", "naver_blog"]);

/**
 * The post as each of its channels will show it: one preview per channel with the account, that channel's own text
 * (the link where the publisher puts it, cut where the feed puts its "more", hashtags, mentions and clickable links
 * highlighted), the media the network takes in the frame it crops them to (a carousel or a grid), a link card where
 * the network makes one, and the time in the workspace's zone; above each, what breaks that network's rules, in
 * plain words. Plain and honest: no invented likes or comments.
 */
export function PostPreviews({ post, accountName, timeZone }: { post: PreviewPost; accountName: string; timeZone: string }) {
  const { t } = useTranslation();
  if (post.channels.length === 0) return <Alert color="yellow">{t("approvals.noChannels")}</Alert>;
  return (
    <div className={classes.previews} data-testid="post-previews">
      {post.channels.map((c) => (
        <NetworkPreview key={c.channelId} post={post} channel={c} accountName={accountName} timeZone={timeZone} />
      ))}
    </div>
  );
}

const ICONS = {
  error: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M15 9l-6 6M9 9l6 6" />
    </>
  ),
  warning: (
    <>
      <path d="M12 9v4" />
      <path d="M10.363 3.591l-8.106 13.534a1.914 1.914 0 0 0 1.636 2.871h16.214a1.914 1.914 0 0 0 1.636-2.87L13.637 3.59a1.914 1.914 0 0 0-3.274 0z" />
      <path d="M12 16h.01" />
    </>
  ),
  auto: <path d="M13 3v7h6l-8 11v-7H5l8-11" />,
  reminder: (
    <>
      <path d="M10 5a2 2 0 1 1 4 0a7 7 0 0 1 4 6v3a4 4 0 0 0 2 3h-16a4 4 0 0 0 2-3v-3a7 7 0 0 1 4-6" />
      <path d="M9 17v1a3 3 0 0 0 6 0v-1" />
    </>
  ),
  paused: <path d="M6 5h4v14H6zM14 5h4v14h-4z" />,
} as const;

/** A small line icon beside words that say the same (never the only sign of a state). */
export function LineIcon({ name, size = 14 }: { name: keyof typeof ICONS; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" style={{ flex: "none", verticalAlign: "-2px" }}>
      {ICONS[name]}
    </svg>
  );
}

/** One rule a network's post breaks, as people say it: what the network does, the numbers, and what to do. */
export function RuleMessage({ network, violation: v }: { network: Network; violation: Pick<Violation, "severity" | "params"> & { rule: string } }) {
  const { t } = useTranslation();
  const name = t(`networks.${network}`);
  // A refused shape and a cropped one, a refused file and a scaled-down one, read differently.
  const key = v.rule === "aspect_ratio" && v.severity === "error" ? "aspect_ratio_refused" : v.rule === "media_too_large" && v.severity === "warning" ? "media_scaled_down" : v.rule === "too_many_hashtags" && v.severity === "warning" ? "hashtags_ignored" : v.rule;
  return (
    <Text size="xs" component="span" data-testid={`rule-${v.rule}`}>
      <Text span fw={700} size="xs" c={v.severity === "error" ? "red.8" : "orange.9"}>
        <LineIcon name={v.severity} /> {v.severity === "error" ? t("preview.refused") : t("preview.changed")}
      </Text>{" "}
      {t(`preview.rule_${key}`, { ...v.params, network: name })}
    </Text>
  );
}

function NetworkPreview({ post, channel, accountName, timeZone }: { post: PreviewPost; channel: PreviewChannel; accountName: string; timeZone: string }) {
  const { t } = useTranslation();
  const f = useFormat(timeZone);
  const parts = previewParts(channel.network, channel.text, post.link, post.media);
  const color = NETWORK_COLORS[channel.network];
  const network = t(`networks.${channel.network}`);
  const handle = displayHandle(channel.network, channel.handle);
  // The profile grid's crop of the first picture (Instagram: 3:4).
  const grid = NETWORK_RULES[channel.network].images.grid;
  const text = parts.text.trim() ? (
    <FeedText parts={parts} color={color} />
  ) : (
    <Text size="sm" c="dimmed" fs="italic">
      {t("approvals.noText")}
    </Text>
  );
  const o = channel.options;
  // YouTube shows the custom thumbnail before the video plays; the video itself otherwise.
  const thumbnail = channel.network === "youtube" && channel.thumbnailUrl ? (
    <Box pos="relative" className={classes.frame} style={{ aspectRatio: "16 / 9" }} data-testid="preview-thumbnail" data-frame="16:9">
      <img src={channel.thumbnailUrl} alt={t("preview.thumbnail")} className={classes.fill} loading="lazy" />
      <span className={classes.badge}>{t("preview.thumbnail")}</span>
    </Box>
  ) : null;
  const media = thumbnail ?? (parts.media.length > 0 && <MediaFrames network={channel.network} parts={parts} />);
  const telegram = channel.network === "telegram";
  return (
    <Paper withBorder radius="md" className={classes.preview} style={{ borderTop: `4px solid ${color}` }} data-testid={`preview-${channel.network}`} aria-label={t("approvals.previewOn", { network })} component="section">
      <Stack gap="xs" p="sm">
        <Text size="xs" fw={700} tt="uppercase" c={color} lh={1}>
          {network}
        </Text>
        {parts.violations.length > 0 && (
          <Stack gap={4} className={classes.rules} data-testid="preview-rules" role="list" aria-label={t("preview.rulesOf", { network })}>
            {parts.violations.map((v, i) => (
              <div key={i} role="listitem">
                <RuleMessage network={channel.network} violation={v} />
              </div>
            ))}
          </Stack>
        )}
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar radius="xl" size={36} color={color} variant="filled" aria-hidden>
            {avatarLetter(channel.handle, accountName)}
          </Avatar>
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={700} truncate>
              {accountName}
              {handle && (
                <Text span size="xs" c="dimmed" fw={400} ml={6}>
                  {handle}
                </Text>
              )}
            </Text>
            <Text size="xs" c="dimmed">
              {post.scheduledAt ? f.dateTime(post.scheduledAt) : t("approvals.noTime")}
            </Text>
          </Box>
        </Group>
        {ARTICLE.has(channel.network) && post.title && (
          <Text fw={700} size="lg" lh={1.3}>
            {post.title}
          </Text>
        )}
        {channel.network === "youtube" && (
          <Group gap={6} wrap="nowrap" align="flex-start" data-testid="preview-youtube-title">
            <Text fw={700} size="md" lh={1.3} style={{ overflowWrap: "anywhere" }}>
              {o?.title?.trim() || post.title.trim() || t("preview.noTitle")}
            </Text>
            {o?.privacy && o.privacy !== "public" && (
              <Text size="xs" c="dimmed" style={{ flex: "none" }} pt={3} data-testid="preview-youtube-privacy">
                · {t(`channelOptions.youtubePrivacy_${o.privacy}`)}
              </Text>
            )}
          </Group>
        )}
        {telegram ? (
          <Paper radius="lg" p="xs" bg="blue.0" data-testid="preview-telegram-bubble" data-mode={telegramMode(parts.media.length)} style={{ borderBottomLeftRadius: 4 }}>
            <Stack gap={6}>
              {media}
              {text}
              <Text size="xs" c="dimmed" ta="right">
                {t(`preview.telegram_${telegramMode(parts.media.length)}`, { limit: f.number(parts.limit ?? 0) })}
              </Text>
            </Stack>
          </Paper>
        ) : MEDIA_FIRST.has(channel.network) || channel.network === "google_business" ? (
          <>
            {media}
            {channel.network === "google_business" && <LocalPostCard options={o} color={color} part="head" />}
            {channel.network === "pinterest" && o?.title?.trim() && (
              <Text fw={700} size="md" lh={1.3} data-testid="preview-pin-title">
                {o.title.trim()}
              </Text>
            )}
            {text}
          </>
        ) : (
          <>
            {text}
            {media}
          </>
        )}
        {channel.network === "pinterest" && (o?.boardId || channel.boardName) && (
          <Text size="xs" c="dimmed" data-testid="preview-pin-board">
            {t("preview.savedTo", { board: channel.boardName ?? t("preview.boardChosen") })}
          </Text>
        )}
        {channel.network === "tiktok" && o?.tiktok && (
          <Group gap={6} data-testid="preview-tiktok-settings">
            <Text size="xs" c="dimmed">
              {t(`channelOptions.tiktokPrivacy_${o.tiktok.privacyLevel}`)}
            </Text>
            {(o.tiktok.brandedContent || o.tiktok.brandOrganic) && (
              <Text size="xs" fw={600} c="dark.4" data-testid="preview-tiktok-label">
                · {o.tiktok.brandedContent ? t("preview.paidPartnership") : t("preview.promotional")}
              </Text>
            )}
          </Group>
        )}
        {channel.network === "google_business" && <LocalPostCard options={o} color={color} part="foot" />}
        {channel.network === "x" && (o?.thread?.length ?? 0) > 0 && <ThreadPreview first={parts.text} options={o} accountName={accountName} handle={handle} color={color} />}
        {grid !== null && parts.media[0] && (
          <Group gap="xs" wrap="nowrap" data-testid="preview-grid">
            <Box className={classes.frame} w={48} style={{ aspectRatio: String(grid) }} data-frame={ratioLabel(grid)}>
              {parts.media[0].kind === "document" ? null : parts.media[0].kind === "video" ? <video src={parts.media[0].url} preload="metadata" className={classes.fill} aria-hidden /> : <img src={parts.media[0].url} alt="" className={classes.fill} loading="lazy" />}
            </Box>
            <Text size="xs" c="dimmed">
              {t("preview.grid", { network, ratio: ratioLabel(grid) })}
            </Text>
          </Group>
        )}
        {parts.card && (
          <Paper withBorder radius="sm" p="xs" bg="gray.0" data-testid="link-card">
            <Text size="xs" c="dimmed" tt="uppercase">
              {parts.card.host}
            </Text>
            <Anchor href={safeHref(parts.card.url)} target="_blank" rel="noreferrer" size="sm" style={{ overflowWrap: "anywhere" }}>
              {parts.card.url}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t("approvals.cardNote", { network })}
            </Text>
          </Paper>
        )}
        {(parts.dropped > 0 || parts.deadLink) && (
          <Stack gap={2}>
            {parts.dropped > 0 && (
              <Text size="xs" c="orange.9">
                {t("approvals.mediaDropped", { network, count: parts.media.length })}
              </Text>
            )}
            {parts.deadLink && (
              <Text size="xs" c="dimmed">
                {t("approvals.deadLink", { network })}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** The text as the feed shows it: cut with the network's "more" (which opens the rest), tags, mentions and links highlighted. */
function FeedText({ parts, color }: { parts: PreviewParts; color: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const shown = parts.feed && !open ? parts.feed.shown : parts.text;
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="preview-text">
      {textPieces(shown).map((p, i) =>
        p.kind === "text" || (p.kind === "link" && !parts.linksClickable) ? (
          <span key={i}>{p.text}</span>
        ) : (
          <Text span key={i} size="sm" fw={p.kind === "link" ? 400 : 600} c={p.kind === "link" ? "blue.8" : color} td={p.kind === "link" ? "underline" : undefined} data-kind={p.kind}>
            {p.text}
          </Text>
        ),
      )}
      {parts.feed && !open && (
        <>
          {"… "}
          <UnstyledButton component="span" onClick={() => setOpen(true)} c="dimmed" fz="sm" fw={600} data-testid="preview-more" style={{ cursor: "pointer" }}>
            {t(`preview.${parts.feed.more}`)}
          </UnstyledButton>
        </>
      )}
    </Text>
  );
}

/**
 * The pictures in the frames the network crops them to (CSS object-fit: cover in a box of the network's aspect
 * ratio): one alone in its feed frame, a carousel (Instagram, Threads, TikTok, Pinterest) as its first item with a
 * counter and dots, a grid (X, Bluesky, Facebook…) side by side. A crop says so on the picture, not by colour.
 */
/** A document's kind in words people know: PDF, PowerPoint, Word. */
const documentType = (contentType: string | null) => (contentType?.includes("presentation") || contentType?.includes("powerpoint") ? "PowerPoint" : contentType?.includes("word") ? "Word" : "PDF");

function MediaFrames({ network, parts }: { network: Network; parts: PreviewParts }) {
  const { t } = useTranslation();
  const carousel = parts.layout === "carousel" && parts.media.length > 1;
  const [index, setIndex] = useState(0);
  const one = (m: PreviewMedia, frame: number, i: number) => {
    const own = m.facts?.width && m.facts.height ? m.facts.width / m.facts.height : null;
    const cropped = own !== null && Math.abs(own - frame) / own > 0.01;
    return (
      <Box key={`${m.url}-${i}`} pos="relative" className={classes.frame} style={{ aspectRatio: String(frame) }} data-testid="preview-frame" data-frame={ratioLabel(frame)}>
        {m.kind === "video" ? (
          <video src={m.url} controls preload="metadata" className={classes.fill} style={{ objectFit: frame === own ? "cover" : "contain", background: "#000" }} aria-label={m.alt || undefined} />
        ) : m.kind === "document" ? (
          <Stack className={classes.fill} align="center" justify="center" gap={4} p="sm" bg="gray.1" data-testid="preview-document">
            <Text size="xl" aria-hidden>
              📄
            </Text>
            <Text size="xs" ta="center" lineClamp={2}>
              {t("preview.document", { name: m.alt || documentType(m.facts?.contentType ?? null) })}
            </Text>
          </Stack>
        ) : (
          <img src={m.url} alt={m.alt} className={classes.fill} loading="lazy" />
        )}
        {cropped && m.kind === "image" && (
          <span className={classes.badge} data-testid="preview-cropped">
            ✂ {t("preview.croppedTo", { ratio: ratioLabel(frame) })}
          </span>
        )}
      </Box>
    );
  };
  if (carousel) {
    const i = Math.min(index, parts.media.length - 1);
    return (
      <Stack gap={4}>
        <Box pos="relative">
          {one(parts.media[i]!, parts.frames[i]!, i)}
          <span className={classes.counter}>
            {i + 1}/{parts.media.length}
          </span>
        </Box>
        <Group gap={4} justify="center" aria-label={t("preview.carousel", { count: parts.media.length })}>
          {parts.media.map((_, j) => (
            <UnstyledButton key={j} onClick={() => setIndex(j)} aria-label={t("preview.item", { n: j + 1 })} aria-current={j === i} className={classes.dot} data-active={j === i || undefined} />
          ))}
        </Group>
      </Stack>
    );
  }
  const shown = parts.media.slice(0, 4);
  const extra = parts.media.length - shown.length;
  return (
    <div className={classes.grid} data-count={shown.length} data-network={network}>
      {shown.map((m, i) =>
        extra > 0 && i === shown.length - 1 ? (
          <Box key={`${m.url}-${i}`} pos="relative">
            {one(m, parts.frames[i]!, i)}
            <span className={classes.more}>+{extra}</span>
          </Box>
        ) : (
          one(m, parts.frames[i]!, i)
        ),
      )}
    </div>
  );
}

/** An X thread's further posts under the first, joined by a line as X shows them, each with its own count. */
function ThreadPreview({ first, options, accountName, handle, color }: { first: string; options: PreviewChannel["options"]; accountName: string; handle: string; color: string }) {
  const { t } = useTranslation();
  const posts = threadParts(first, options).slice(1);
  return (
    <Stack gap="xs" data-testid="preview-x-thread">
      {posts.map((p, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start" data-testid="preview-x-thread-post">
          <Box w={36} style={{ display: "flex", justifyContent: "center", alignSelf: "stretch", flex: "none" }} aria-hidden>
            <Box w={2} bg="gray.3" />
          </Box>
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Text size="xs" c="dimmed">
              {accountName} {handle} · {t("preview.threadPost", { n: i + 2, count: posts.length + 1 })}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {textPieces(p.text).map((piece, j) =>
                piece.kind === "text" ? (
                  <span key={j}>{piece.text}</span>
                ) : (
                  <Text span key={j} size="sm" fw={600} c={piece.kind === "link" ? "blue.8" : color} data-kind={piece.kind}>
                    {piece.text}
                  </Text>
                ),
              )}
            </Text>
            <Text size="xs" c={p.over ? "red" : "dimmed"}>
              {t("posts.countOf", { length: p.length, limit: 280 })}
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

/** A Business Profile post as Google shows it: an event's or offer's title and dates, the coupon, and the button. */
function LocalPostCard({ options, color, part }: { options: PreviewChannel["options"]; color: string; part: "head" | "foot" }) {
  const { t } = useTranslation();
  // The dates are the workspace's wall clock as typed: shown as written, whatever the reader's zone.
  const wall = useFormat("UTC");
  const p = localPostParts(options);
  const when = (v: string | null) => (v ? wall.dateTime(`${v}:00Z`) : "…");
  // Google shows an event's or offer's title and dates above the text, the coupon and the button below it.
  if (part === "head")
    return p.type === "STANDARD" ? null : (
      <Stack gap={2} data-testid="preview-local-post" data-type={p.type}>
        <Text fw={700} size="md" lh={1.3}>
          {p.title ?? t(p.type === "OFFER" ? "preview.offerNoTitle" : "preview.eventNoTitle")}
        </Text>
        <Text size="xs" c="dimmed" data-testid="preview-local-post-dates">
          {when(p.startsAt)} – {when(p.endsAt)}
        </Text>
      </Stack>
    );
  if (!p.coupon && !p.button) return null;
  return (
    <Stack gap={6} data-testid="preview-local-post-foot" data-type={p.type}>
      {p.coupon && (
        <Paper withBorder radius="sm" p={6} style={{ borderStyle: "dashed" }} data-testid="preview-local-post-coupon">
          <Text size="xs" c="dimmed">
            {t("preview.couponCode")}
          </Text>
          <Text fw={700} ff="monospace">
            {p.coupon}
          </Text>
        </Paper>
      )}
      {p.button && (
        <Box px="md" py={6} style={{ border: `1px solid ${color}`, borderRadius: 999, width: "fit-content", color }} data-testid="preview-local-post-button">
          <Text size="sm" fw={600} c={color}>
            {p.button === "VIEW_OFFER" ? t("preview.viewOffer") : p.button === "CALL" ? t("preview.callNow") : t(`channelOptions.gbpAction_${p.button}`)}
          </Text>
        </Box>
      )}
    </Stack>
  );
}
