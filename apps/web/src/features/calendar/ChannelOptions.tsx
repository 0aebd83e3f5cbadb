import { SegmentedControl, Stack, Text, Textarea } from "@mantine/core";
import type { Network, VARIANT_FORMATS } from "@socialplan/schema";
import { useTranslation } from "react-i18next";

export type VariantFormat = (typeof VARIANT_FORMATS)[number];
/** A channel's publishing options beside its text: feed or story, and a first comment. */
export interface VariantOptions {
  format?: VariantFormat;
  firstComment?: string | null;
}

/** Networks whose API takes a story, and a first comment right after the post (Threads: a reply). */
const STORIES: Network[] = ["instagram"];
const FIRST_COMMENT: Network[] = ["instagram", "threads"];

export const hasChannelOptions = (network: Network) => STORIES.includes(network) || FIRST_COMMENT.includes(network);

/**
 * Instagram: feed post or story; Instagram and Threads: an optional first comment (hashtags kept out of the caption,
 * a link). Both go out with the post when the channel is connected.
 */
export function ChannelOptions({ label, network, value, disabled, onChange }: { label: string; network: Network; value: VariantOptions; disabled: boolean; onChange: (v: VariantOptions) => void }) {
  const { t } = useTranslation();
  if (!hasChannelOptions(network)) return null;
  const story = value.format === "story";
  return (
    <Stack gap={6} data-testid={`options-${network}`}>
      {STORIES.includes(network) && (
        <Stack gap={2}>
          <Text size="sm" fw={500} id={`format-${network}`}>
            {t("posts.formatFor", { channel: label })}
          </Text>
          <SegmentedControl
            aria-labelledby={`format-${network}`}
            size="xs"
            w="fit-content"
            disabled={disabled}
            value={value.format ?? "feed"}
            onChange={(v) => onChange({ ...value, format: v as VariantFormat })}
            data={[
              { value: "feed", label: t("posts.format_feed") },
              { value: "story", label: t("posts.format_story") },
            ]}
          />
          {story && (
            <Text size="xs" c="dimmed">
              {t("posts.storyHint")}
            </Text>
          )}
        </Stack>
      )}
      {FIRST_COMMENT.includes(network) && !story && (
        <Textarea
          label={t("posts.firstCommentFor", { channel: label })}
          description={t("posts.firstCommentHint")}
          autosize
          minRows={1}
          maxLength={2200}
          disabled={disabled}
          value={value.firstComment ?? ""}
          onChange={(e) => onChange({ ...value, firstComment: e.currentTarget.value || null })}
        />
      )}
    </Stack>
  );
}
