import { Alert, Anchor, Avatar, Box, Group, Image, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import type { Network } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { safeHref } from "../../lib/safe-href.ts";
import { NETWORK_COLORS } from "../calendar/network-colors.ts";
import classes from "./review.module.css";
import { avatarLetter, displayHandle, previewParts, type PreviewChannel, type PreviewMedia, type PreviewPost } from "./preview.ts";

/** Networks whose posts open with the picture and put the text under it, as a caption. */
const MEDIA_FIRST: ReadonlySet<Network> = new Set(["instagram", "pinterest", "tiktok", "youtube"]);
/** Websites and blogs show the post's title as the article's headline. */
const ARTICLE: ReadonlySet<Network> = new Set(["website", "naver_blog"]);

/**
 * The post as each of its channels will show it: one preview per channel with the account, that channel's own text
 * (the link where the publisher puts it), the media the network takes, a link card where the network makes one,
 * and the time in the workspace's zone. Plain and honest: no invented likes or comments.
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

function NetworkPreview({ post, channel, accountName, timeZone }: { post: PreviewPost; channel: PreviewChannel; accountName: string; timeZone: string }) {
  const { t } = useTranslation();
  const f = useFormat(timeZone);
  const parts = previewParts(channel.network, channel.text, post.link, post.media);
  const color = NETWORK_COLORS[channel.network];
  const network = t(`networks.${channel.network}`);
  const handle = displayHandle(channel.network, channel.handle);
  const text = parts.text.trim() ? (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="preview-text">
      {parts.text}
    </Text>
  ) : (
    <Text size="sm" c="dimmed" fs="italic">
      {t("approvals.noText")}
    </Text>
  );
  const media = parts.media.length > 0 && <MediaGrid media={parts.media} square={channel.network === "instagram"} />;
  return (
    <Paper withBorder radius="md" style={{ overflow: "hidden", borderTop: `4px solid ${color}` }} data-testid={`preview-${channel.network}`} aria-label={t("approvals.previewOn", { network })} component="section">
      <Stack gap="xs" p="sm">
        <Text size="xs" fw={700} tt="uppercase" c={color} lh={1}>
          {network}
        </Text>
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
        {MEDIA_FIRST.has(channel.network) ? (
          <>
            {media}
            {text}
          </>
        ) : (
          <>
            {text}
            {media}
          </>
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
        {(parts.overLimit || parts.dropped > 0 || parts.deadLink) && (
          <Stack gap={2}>
            {parts.overLimit && (
              <Text size="xs" c="red" data-testid="preview-too-long">
                {t("approvals.tooLong", { network, length: parts.length, limit: parts.limit })}
              </Text>
            )}
            {parts.dropped > 0 && (
              <Text size="xs" c="orange.8">
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

/** One picture at full width; two to four in a grid, as the networks lay them out. */
function MediaGrid({ media, square }: { media: PreviewMedia[]; square: boolean }) {
  const shown = media.slice(0, 4);
  const extra = media.length - shown.length;
  const height = shown.length === 1 ? (square ? 320 : 260) : 140;
  return (
    <SimpleGrid cols={shown.length === 1 ? 1 : 2} spacing={4}>
      {shown.map((m, i) => (
        <Box key={`${m.url}-${i}`} pos="relative">
          {m.kind === "video" ? (
            <video src={m.url} controls preload="metadata" style={{ width: "100%", height, objectFit: "cover", borderRadius: 4, background: "#000", display: "block" }} aria-label={m.alt || undefined} />
          ) : (
            <Image src={m.url} alt={m.alt} h={height} fit="cover" radius="sm" />
          )}
          {extra > 0 && i === shown.length - 1 && (
            <Box pos="absolute" inset={0} style={{ display: "grid", placeItems: "center", background: "rgba(0,0,0,.45)", borderRadius: 4 }}>
              <Text c="white" fw={700} size="xl">
                +{extra}
              </Text>
            </Box>
          )}
        </Box>
      ))}
    </SimpleGrid>
  );
}
