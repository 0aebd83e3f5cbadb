import { ActionIcon, Alert, Anchor, Avatar, Button, Checkbox, Group, Image, Radio, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Switch, TagsInput, Text, Textarea, TextInput, Tooltip } from "@mantine/core";
import { assetThumbnailUrl, LOCAL_POST_ACTIONS, networkLength, YOUTUBE_PRIVACY, type Network } from "@socialplan/schema";
import { lazy, Suspense, useId, useState, type ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import {
  FIRST_COMMENT,
  hasChannelOptions,
  STORIES,
  tiktokDisclosure,
  tiktokPrivacyChoices,
  type LocalPostAction,
  type LocalPostType,
  type NetworkOptions,
  type TiktokDraft,
  type TiktokPrivacy,
  type VariantFormat,
  type VariantOptions,
} from "./channel-options-logic.ts";
import { useMediaFacts } from "./EditorPreviews.tsx";
import { useConnections } from "./posts.ts";
import { usePublishOptions } from "./publish-options.ts";

export { hasChannelOptions, type VariantFormat, type VariantOptions };

const AssetPicker = lazy(() => import("../assets/AssetPicker.tsx").then((m) => ({ default: m.AssetPicker })));

/** TikTok's legal pages the consent line links to (Content Sharing Guidelines, "Compliance declaration"). */
const TIKTOK_MUSIC = "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en";
const TIKTOK_BRANDED = "https://www.tiktok.com/legal/page/global/bc-policy/en";

interface Props {
  workspaceId: string;
  channelId: string;
  label: string;
  network: Network;
  value: VariantOptions;
  disabled: boolean;
  onChange: (v: VariantOptions) => void;
  /** The post's title (YouTube's title when none is typed) and its media (TikTok: video or photos). */
  postTitle?: string;
  mediaIds?: string[];
  /** Errors by field name as the server names them, and this variant's prefix (`variants.2.options`). */
  errors?: Record<string, string>;
  errorPrefix?: string;
}

/**
 * A channel's publishing options beside its text, only those of its own network: Instagram feed or story and a
 * first comment (Threads too); YouTube's title, privacy, tags, "made for kids" and thumbnail; Pinterest's board and
 * title; TikTok's post settings as TikTok requires them; a Business Profile post's type, dates and button; an X
 * thread. Errors the server names (`variants.0.options.boardId`) show on their field.
 */
export function ChannelOptions(props: Props) {
  const { t } = useTranslation();
  const { label, network, value, disabled, onChange } = props;
  if (!hasChannelOptions(network)) return null;
  const story = value.format === "story";
  const o = value.options ?? {};
  const setO = (patch: Partial<NetworkOptions>) => onChange({ ...value, options: { ...o, ...patch } });
  const err = (field: string) => props.errors?.[`${props.errorPrefix ?? ""}.${field}`];
  let own: ReactNode = null;
  if (network === "youtube") own = <YoutubeFields {...props} o={o} setO={setO} err={err} />;
  else if (network === "pinterest") own = <PinterestFields {...props} o={o} setO={setO} err={err} />;
  else if (network === "tiktok") own = <TiktokFields {...props} o={o} setO={setO} err={err} />;
  else if (network === "google_business") own = <LocalPostFields {...props} o={o} setO={setO} err={err} />;
  else if (network === "x") own = <ThreadFields {...props} o={o} setO={setO} err={err} />;
  return (
    <Stack gap={6} data-testid={`options-${network}`}>
      {own && (
        <Text size="sm" fw={600}>
          {t("channelOptions.title", { channel: label })}
        </Text>
      )}
      {STORIES.includes(network) && (
        <Segments
          label={t("posts.formatFor", { channel: label })}
          disabled={disabled}
          value={value.format ?? "feed"}
          onChange={(v) => onChange({ ...value, format: v as VariantFormat })}
          data={[
            { value: "feed", label: t("posts.format_feed") },
            { value: "story", label: t("posts.format_story") },
          ]}
          hint={story ? t("posts.storyHint") : undefined}
        />
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
      {own && (
        <Stack gap="xs" pl="sm" style={{ borderLeft: "3px solid var(--mantine-color-gray-3)" }}>
          {own}
        </Stack>
      )}
    </Stack>
  );
}

/** A few choices side by side, named by a label above them, with a line on what the one chosen means. */
function Segments({ label, hint, error, testId, ...control }: { label: string; hint?: string | undefined; error?: string | undefined; testId?: string; value: string; disabled: boolean; onChange: (v: string) => void; data: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={id} size="xs" w="fit-content" maw="100%" data-testid={testId} {...control} />
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

interface FieldProps extends Props {
  o: NetworkOptions;
  setO: (patch: Partial<NetworkOptions>) => void;
  err: (field: string) => string | undefined;
}

/** The channel's connected account (the network's own choices come from it). */
function useChannelConnection(workspaceId: string, channelId: string) {
  const connections = useConnections(workspaceId);
  return { loading: connections.isPending, conn: connections.data?.find((c) => c.channelId === channelId && c.status === "active") ?? null };
}

function YoutubeFields({ workspaceId, postTitle, disabled, o, setO, err }: FieldProps) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const title = o.title ?? "";
  return (
    <>
      <TextInput
        label={t("channelOptions.youtubeTitle")}
        description={t("channelOptions.youtubeTitleHint")}
        placeholder={postTitle || t("channelOptions.youtubeTitlePlaceholder")}
        maxLength={100}
        value={title}
        disabled={disabled}
        error={err("title") ?? (/[<>]/.test(title) ? t("channelOptions.youtubeTitleAngles") : undefined)}
        rightSection={<Text size="xs" c="dimmed">{(title || postTitle || "").length}/100</Text>}
        rightSectionWidth={56}
        onChange={(e) => setO({ title: e.currentTarget.value })}
        data-testid="option-youtube-title"
      />
      <Segments
        label={t("channelOptions.youtubePrivacy")}
        disabled={disabled}
        value={o.privacy ?? "public"}
        onChange={(v) => setO({ privacy: v as (typeof YOUTUBE_PRIVACY)[number] })}
        data={YOUTUBE_PRIVACY.map((p) => ({ value: p, label: t(`channelOptions.youtubePrivacy_${p}`) }))}
        hint={t(`channelOptions.youtubePrivacyHint_${o.privacy ?? "public"}`)}
        error={err("privacy")}
        testId="option-youtube-privacy"
      />
      <TagsInput
        label={t("channelOptions.youtubeTags")}
        description={t("channelOptions.youtubeTagsHint")}
        value={o.tags ?? []}
        disabled={disabled}
        splitChars={[","]}
        clearable
        error={err("tags")}
        onChange={(tags) => setO({ tags: tags.map((x) => x.trim().replace(/^#/, "")).filter(Boolean) })}
        data-testid="option-youtube-tags"
      />
      <Radio.Group
        label={t("channelOptions.madeForKids")}
        description={t("channelOptions.madeForKidsHint")}
        value={o.madeForKids ? "yes" : "no"}
        onChange={(v) => setO({ madeForKids: v === "yes" })}
        error={err("madeForKids")}
        data-testid="option-youtube-kids"
      >
        <Group gap="md" mt={4}>
          <Radio value="no" label={t("channelOptions.madeForKidsNo")} disabled={disabled} />
          <Radio value="yes" label={t("channelOptions.madeForKidsYes")} disabled={disabled} />
        </Group>
      </Radio.Group>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t("channelOptions.thumbnail")}
        </Text>
        <Group gap="sm" align="center">
          {o.thumbnailAssetId ? (
            <Image src={assetThumbnailUrl(workspaceId, o.thumbnailAssetId)} alt={t("channelOptions.thumbnail")} w={128} h={72} fit="cover" radius="sm" data-testid="option-youtube-thumbnail-image" />
          ) : (
            <Text size="xs" c="dimmed">
              {t("channelOptions.thumbnailNone")}
            </Text>
          )}
          {!disabled && (
            <Button size="compact-xs" variant="default" onClick={() => setPicking(true)} data-testid="option-youtube-thumbnail">
              {o.thumbnailAssetId ? t("channelOptions.thumbnailChange") : t("channelOptions.thumbnailPick")}
            </Button>
          )}
          {!disabled && o.thumbnailAssetId && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setO({ thumbnailAssetId: undefined })}>
              {t("channelOptions.thumbnailRemove")}
            </Button>
          )}
        </Group>
        {err("thumbnailAssetId") && <Text size="xs" c="red">{err("thumbnailAssetId")}</Text>}
      </Stack>
      {picking && (
        <Suspense fallback={null}>
          <AssetPicker
            workspaceId={workspaceId}
            only="image"
            single
            initial={o.thumbnailAssetId ? [o.thumbnailAssetId] : []}
            onClose={() => setPicking(false)}
            onPick={(ids) => {
              setO({ thumbnailAssetId: ids[0] });
              setPicking(false);
            }}
          />
        </Suspense>
      )}
    </>
  );
}

function PinterestFields({ workspaceId, channelId, disabled, o, setO, err }: FieldProps) {
  const { t } = useTranslation();
  const { conn, loading } = useChannelConnection(workspaceId, channelId);
  const options = usePublishOptions(workspaceId, conn?.id ?? null, false);
  const boards = options.data?.boards ?? [];
  const known = !o.boardId || boards.some((b) => b.id === o.boardId);
  return (
    <>
      {!conn && !loading ? (
        <Text size="xs" c="dimmed" data-testid="option-pinterest-board-unconnected">
          {t("channelOptions.boardUnconnected")}
        </Text>
      ) : (
        <Select
          label={t("channelOptions.board")}
          description={options.error ? undefined : boards.length || options.isPending ? t("channelOptions.boardHint") : t("channelOptions.noBoards")}
          placeholder={options.isPending ? t("channelOptions.loading") : t("channelOptions.boardPlaceholder")}
          data={[...boards.map((b) => ({ value: b.id, label: b.privacy && b.privacy !== "PUBLIC" ? `${b.name} (${t("channelOptions.boardSecret")})` : b.name })), ...(known ? [] : [{ value: o.boardId!, label: t("channelOptions.boardGone") }])]}
          value={o.boardId ?? null}
          onChange={(v) => setO({ boardId: v ?? undefined })}
          searchable
          disabled={disabled || options.isPending}
          withAsterisk
          error={err("boardId") ?? (options.error ? t("channelOptions.optionsFailed") : undefined)}
          data-testid="option-pinterest-board"
        />
      )}
      <TextInput
        label={t("channelOptions.pinTitle")}
        description={t("channelOptions.pinTitleHint")}
        maxLength={100}
        value={o.title ?? ""}
        disabled={disabled}
        error={err("title")}
        onChange={(e) => setO({ title: e.currentTarget.value })}
        data-testid="option-pinterest-title"
      />
    </>
  );
}

const PRIVACY_LABEL: Record<TiktokPrivacy, string> = {
  PUBLIC_TO_EVERYONE: "tiktokPrivacy_PUBLIC_TO_EVERYONE",
  MUTUAL_FOLLOW_FRIENDS: "tiktokPrivacy_MUTUAL_FOLLOW_FRIENDS",
  FOLLOWER_OF_CREATOR: "tiktokPrivacy_FOLLOWER_OF_CREATOR",
  SELF_ONLY: "tiktokPrivacy_SELF_ONLY",
};

/**
 * TikTok's post settings, as TikTok's Content Sharing Guidelines require them: the creator's nickname, who can view
 * it with no choice made beforehand (only the levels the account offers), comments / Duet / Stitch off until turned
 * on and greyed out where the creator turned them off, the commercial content disclosure (branded content cannot be
 * private), and the consent line with TikTok's policies. Creator info is read afresh each time.
 */
function TiktokFields({ workspaceId, channelId, disabled, mediaIds, o, setO, err }: FieldProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const { conn, loading } = useChannelConnection(workspaceId, channelId);
  const options = usePublishOptions(workspaceId, conn?.id ?? null, true);
  const facts = useMediaFacts(workspaceId);
  const media = (mediaIds ?? []).flatMap((id) => facts.get(id) ?? []);
  const video = media.find((m) => m.kind === "video");
  const tk: TiktokDraft = o.tiktok ?? {};
  const setT = (patch: Partial<TiktokDraft>) => setO({ tiktok: { ...tk, ...patch } });
  const creator = options.data?.tiktokCreator;
  const { label, consent } = tiktokDisclosure(tk);
  if (!conn && !loading)
    return (
      <Text size="xs" c="dimmed" data-testid="option-tiktok-unconnected">
        {t("channelOptions.tiktokUnconnected")}
      </Text>
    );
  if (options.isPending || loading) return <Skeleton h={120} radius="sm" />;
  if (options.error || !creator)
    return (
      <Alert color="orange" p="xs" data-testid="option-tiktok-error">
        <Text size="sm">{t("channelOptions.optionsFailed")}</Text>
        <Button size="compact-xs" mt={4} variant="default" onClick={() => void options.refetch()}>
          {t("channelOptions.retry")}
        </Button>
      </Alert>
    );
  const onlyPrivate = creator.privacyLevelOptions.length === 1 && creator.privacyLevelOptions[0] === "SELF_ONLY";
  const tooLong = video && video.durationMs !== null && creator.maxVideoPostDurationSec !== null && video.durationMs / 1000 > creator.maxVideoPostDurationSec;
  const choices = tiktokPrivacyChoices(creator.privacyLevelOptions, !!(tk.disclose && tk.brandedContent));
  const allow = (key: "disableComment" | "disableDuet" | "disableStitch", creatorOff: boolean, name: string, testId: string) => (
    <Tooltip label={t("channelOptions.tiktokCreatorOff")} disabled={!creatorOff} withArrow>
      <span>
        <Checkbox
          label={name}
          checked={!creatorOff && tk[key] === false}
          disabled={disabled || creatorOff}
          onChange={(e) => setT({ [key]: !e.currentTarget.checked })}
          data-testid={testId}
        />
      </span>
    </Tooltip>
  );
  return (
    <>
      <Group gap="sm" wrap="nowrap" data-testid="option-tiktok-creator">
        <Avatar src={creator.avatarUrl} alt="" radius="xl" size={32}>
          {creator.nickname.slice(0, 1).toUpperCase()}
        </Avatar>
        <Text size="sm">
          {t("channelOptions.tiktokPostingAs")}{" "}
          <Text span fw={600}>
            {creator.nickname}
          </Text>
          {creator.username && (
            <Text span c="dimmed">
              {" "}
              @{creator.username}
            </Text>
          )}
        </Text>
      </Group>
      {!creator.canPost && (
        <Alert color="orange" p="xs" data-testid="option-tiktok-cannot-post">
          <Text size="sm">{t("channelOptions.tiktokCannotPost")}</Text>
        </Alert>
      )}
      {tooLong && (
        <Alert color="red" p="xs" data-testid="option-tiktok-too-long">
          <Text size="sm">{t("channelOptions.tiktokTooLong", { max: f.number(creator.maxVideoPostDurationSec!), seconds: f.number(Math.round(video.durationMs! / 1000)) })}</Text>
        </Alert>
      )}
      <Select
        label={t("channelOptions.tiktokPrivacy")}
        placeholder={t("channelOptions.tiktokPrivacyPlaceholder")}
        withAsterisk
        data={choices.map((c) => ({ value: c.value, label: t(`channelOptions.${PRIVACY_LABEL[c.value]}`), disabled: c.disabled }))}
        value={tk.privacyLevel ?? null}
        onChange={(v) => setT({ privacyLevel: (v ?? undefined) as TiktokPrivacy | undefined })}
        disabled={disabled}
        allowDeselect={false}
        error={err("tiktok.privacyLevel") ?? err("tiktok")}
        description={tk.disclose && tk.brandedContent ? t("channelOptions.tiktokBrandedNotPrivate") : onlyPrivate ? t("channelOptions.tiktokOnlyPrivate") : undefined}
        data-testid="option-tiktok-privacy"
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t("channelOptions.tiktokAllow")}
        </Text>
        <Group gap="md">
          {allow("disableComment", creator.commentDisabled, t("channelOptions.tiktokAllowComment"), "option-tiktok-comment")}
          {/* Duet and Stitch are for videos only (photo posts take comments only). */}
          {(video || !media.length) && allow("disableDuet", creator.duetDisabled, t("channelOptions.tiktokAllowDuet"), "option-tiktok-duet")}
          {(video || !media.length) && allow("disableStitch", creator.stitchDisabled, t("channelOptions.tiktokAllowStitch"), "option-tiktok-stitch")}
        </Group>
      </Stack>
      <Stack gap={4}>
        <Switch
          label={t("channelOptions.tiktokDisclose")}
          description={t("channelOptions.tiktokDiscloseHint")}
          checked={!!tk.disclose}
          disabled={disabled}
          onChange={(e) => setT({ disclose: e.currentTarget.checked })}
          data-testid="option-tiktok-disclose"
        />
        {tk.disclose && (
          <Stack gap={4} pl="md">
            <Checkbox
              label={t("channelOptions.tiktokYourBrand")}
              description={t("channelOptions.tiktokYourBrandHint")}
              checked={!!tk.brandOrganic}
              disabled={disabled}
              onChange={(e) => setT({ brandOrganic: e.currentTarget.checked })}
              data-testid="option-tiktok-your-brand"
            />
            <Checkbox
              label={t("channelOptions.tiktokBranded")}
              description={onlyPrivate ? t("channelOptions.tiktokBrandedNeedsPublic") : t("channelOptions.tiktokBrandedHint")}
              checked={!!tk.brandedContent}
              disabled={disabled || onlyPrivate}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                // Branded content cannot be private: a private choice is cleared, to be picked again.
                setT({ brandedContent: on, ...(on && tk.privacyLevel === "SELF_ONLY" ? { privacyLevel: undefined } : {}) });
              }}
              data-testid="option-tiktok-branded"
            />
            {label ? (
              <Text size="xs" data-testid="option-tiktok-label">
                {t(label === "paid" ? "channelOptions.tiktokLabelPaid" : "channelOptions.tiktokLabelPromotional")}
              </Text>
            ) : (
              <Text size="xs" c="red" data-testid="option-tiktok-disclosure-missing">
                {err("tiktok.brandOrganic") ?? t("channelOptions.tiktokDisclosureMissing")}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
      <Text size="xs" c="dimmed" data-testid="option-tiktok-consent">
        {consent === "branded" ? (
          <Trans i18nKey="channelOptions.tiktokConsentBranded" components={{ bc: <Anchor href={TIKTOK_BRANDED} target="_blank" rel="noreferrer" size="xs" />, music: <Anchor href={TIKTOK_MUSIC} target="_blank" rel="noreferrer" size="xs" /> }} />
        ) : (
          <Trans i18nKey="channelOptions.tiktokConsent" components={{ music: <Anchor href={TIKTOK_MUSIC} target="_blank" rel="noreferrer" size="xs" /> }} />
        )}{" "}
        {t("channelOptions.tiktokProcessing")}
      </Text>
    </>
  );
}

/** A Business Profile post: "What's new", an event or an offer, with the fields each needs, and a button. */
function LocalPostFields({ disabled, o, setO, err }: FieldProps) {
  const { t } = useTranslation();
  const p = o.localPost ?? { type: "STANDARD" as LocalPostType };
  const set = (patch: Partial<NonNullable<NetworkOptions["localPost"]>>) => setO({ localPost: { ...p, type: p.type ?? "STANDARD", ...patch } });
  const dated = p.type === "EVENT" || p.type === "OFFER";
  return (
    <>
      <Segments
        label={t("channelOptions.gbpType")}
        disabled={disabled}
        value={p.type}
        onChange={(v) => set({ type: v as LocalPostType })}
        data={(["STANDARD", "EVENT", "OFFER"] as const).map((v) => ({ value: v, label: t(`channelOptions.gbpType_${v}`) }))}
        hint={t(`channelOptions.gbpTypeHint_${p.type}`)}
        error={err("localPost.type")}
        testId="option-gbp-type"
      />
      {dated && (
        <>
          <TextInput
            label={t(p.type === "OFFER" ? "channelOptions.gbpOfferTitle" : "channelOptions.gbpEventTitle")}
            maxLength={58}
            withAsterisk
            value={p.eventTitle ?? ""}
            disabled={disabled}
            error={err("localPost.eventTitle")}
            onChange={(e) => set({ eventTitle: e.currentTarget.value })}
            data-testid="option-gbp-event-title"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput type="datetime-local" label={t("channelOptions.gbpStarts")} withAsterisk value={p.startsAt ?? ""} disabled={disabled} error={err("localPost.startsAt")} onChange={(e) => set({ startsAt: e.currentTarget.value || undefined })} data-testid="option-gbp-starts" />
            <TextInput type="datetime-local" label={t("channelOptions.gbpEnds")} withAsterisk value={p.endsAt ?? ""} min={p.startsAt} disabled={disabled} error={err("localPost.endsAt") ?? (p.startsAt && p.endsAt && p.endsAt < p.startsAt ? t("channelOptions.gbpEndsBefore") : undefined)} onChange={(e) => set({ endsAt: e.currentTarget.value || undefined })} data-testid="option-gbp-ends" />
          </SimpleGrid>
        </>
      )}
      {p.type === "OFFER" ? (
        <>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t("channelOptions.gbpCoupon")} maxLength={58} value={p.couponCode ?? ""} disabled={disabled} error={err("localPost.couponCode")} onChange={(e) => set({ couponCode: e.currentTarget.value })} data-testid="option-gbp-coupon" />
            <TextInput label={t("channelOptions.gbpRedeemUrl")} placeholder="https://" value={p.redeemUrl ?? ""} disabled={disabled} error={err("localPost.redeemUrl")} onChange={(e) => set({ redeemUrl: e.currentTarget.value })} data-testid="option-gbp-redeem-url" />
          </SimpleGrid>
          <Textarea label={t("channelOptions.gbpTerms")} autosize minRows={1} maxLength={5000} value={p.terms ?? ""} disabled={disabled} error={err("localPost.terms")} onChange={(e) => set({ terms: e.currentTarget.value })} data-testid="option-gbp-terms" />
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t("channelOptions.gbpButton")}
            placeholder={t("channelOptions.gbpButtonNone")}
            clearable
            data={LOCAL_POST_ACTIONS.map((a) => ({ value: a, label: t(`channelOptions.gbpAction_${a}`) }))}
            value={p.action ?? null}
            disabled={disabled}
            error={err("localPost.action")}
            onChange={(v) => set({ action: (v ?? undefined) as LocalPostAction | undefined })}
            data-testid="option-gbp-button"
          />
          {p.action && p.action !== "CALL" ? (
            <TextInput label={t("channelOptions.gbpButtonUrl")} placeholder="https://" withAsterisk value={p.actionUrl ?? ""} disabled={disabled} error={err("localPost.actionUrl")} onChange={(e) => set({ actionUrl: e.currentTarget.value })} data-testid="option-gbp-button-url" />
          ) : p.action === "CALL" ? (
            <Text size="xs" c="dimmed" pt={{ base: 0, xs: 28 }}>
              {t("channelOptions.gbpCallHint")}
            </Text>
          ) : null}
        </SimpleGrid>
      )}
    </>
  );
}

/** An X thread: the channel's text is the first post; each further post has its own X-weighted count. */
function ThreadFields({ disabled, o, setO, err }: FieldProps) {
  const { t } = useTranslation();
  const thread = o.thread ?? [];
  const set = (next: string[]) => setO({ thread: next.length ? next : undefined });
  return (
    <Stack gap={6} data-testid="option-x-thread">
      {thread.map((text, i) => {
        const length = networkLength("x", text);
        const over = length > 280;
        return (
          <Textarea
            key={i}
            label={t("channelOptions.threadPost", { n: i + 2 })}
            autosize
            minRows={2}
            value={text}
            disabled={disabled}
            error={err(`thread.${i}`)}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set(thread.map((x, j) => (j === i ? v : x)));
            }}
            rightSection={
              !disabled && (
                <Tooltip label={t("channelOptions.threadRemove", { n: i + 2 })}>
                  <ActionIcon variant="subtle" color="gray" aria-label={t("channelOptions.threadRemove", { n: i + 2 })} onClick={() => set(thread.filter((_, j) => j !== i))}>
                    ×
                  </ActionIcon>
                </Tooltip>
              )
            }
            description={
              <Text span size="xs" c={over ? "red" : "dimmed"} data-testid={`option-x-thread-count-${i + 2}`}>
                {t("posts.countOf", { length, limit: 280 })}
              </Text>
            }
            inputWrapperOrder={["label", "input", "description", "error"]}
            data-testid={`option-x-thread-${i + 2}`}
          />
        );
      })}
      {!disabled && thread.length < 24 && (
        <Button size="compact-sm" variant="subtle" w="fit-content" onClick={() => set([...thread, ""])} data-testid="option-x-thread-add">
          {t("channelOptions.threadAdd")}
        </Button>
      )}
      {thread.length === 0 && (
        <Text size="xs" c="dimmed">
          {t("channelOptions.threadHint")}
        </Text>
      )}
    </Stack>
  );
}
