import { ActionIcon, Alert, Anchor, Badge, Button, Checkbox, CopyButton, Divider, Drawer, Group, Image, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Tooltip } from "@mantine/core";
import { postLength, tagLink, utcToZoned, utmPreset, withLink } from "@socialplan/domain";
import { EDITABLE_STATUSES, NETWORK_LIMITS, assetFileUrl, assetThumbnailUrl, entryTitle, type ChannelData, type Delivery, type Entry, type Network, type Post, type Workspace } from "@socialplan/schema";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { usePeople } from "../people/people.ts";
import { usePostApi } from "./posts.ts";
import { LocalTimeNote, readTyped } from "./LocalTimeNote.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import { safeHref } from "../../lib/safe-href.ts";
import { PostReviewNote } from "../review/PostReviewNote.tsx";

const AssetPicker = lazy(() => import("../assets/AssetPicker.tsx").then((m) => ({ default: m.AssetPicker })));

export interface ChannelOption {
  id: string;
  network: Network;
  label: string;
  contentTypes: string[];
}

export function channelOptions(entries: Entry[] | undefined, t: (k: string) => string): ChannelOption[] {
  return (entries ?? [])
    .filter((e) => e.kind === "channel")
    .map((e) => {
      const d = e.data as ChannelData & { content_types?: string[] };
      const network = (d.network ?? "other") as Network;
      return { id: e.id, network, label: [t(`networks.${network}`), d.handle].filter(Boolean).join(" "), contentTypes: d.content_types ?? [] };
    });
}

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
type Repeat = "none" | "daily" | "weekly" | "custom";

interface Form {
  title: string;
  body: string;
  channels: string[];
  variants: Record<string, string | null>;
  media: { assetId: string; alt: string }[];
  link: string;
  campaign: string;
  pillar: string | null;
  goalId: string | null;
  initiativeId: string | null;
  date: string;
  time: string;
  /** The second of a wall-clock time that happens twice that day (clocks go back). */
  later: boolean;
  repeat: Repeat;
  rule: string;
  assigneeMemberId: string | null;
}

function formOf(p: Post | null, zone: string, start: { date: string; time: string } | null): Form {
  const local = p?.scheduledAt ? utcToZoned(p.scheduledAt, zone) : start;
  const rule = p?.recurrence ?? "";
  return {
    title: p?.title ?? "",
    body: p?.body ?? "",
    channels: p?.variants.map((v) => v.channelId) ?? [],
    variants: Object.fromEntries((p?.variants ?? []).map((v) => [v.channelId, v.text])),
    media: p?.media ?? [],
    link: p?.link ?? "",
    campaign: p?.campaign ?? "",
    pillar: p?.pillar ?? null,
    goalId: p?.goalId ?? null,
    initiativeId: p?.initiativeId ?? null,
    date: local?.date ?? "",
    time: local?.time ?? "",
    later: !!p?.scheduledAt && !!local && (() => {
      const r = readTyped(local.date, local.time, zone);
      return r?.kind === "ambiguous" && r.later === new Date(p.scheduledAt!).toISOString();
    })(),
    repeat: !rule ? "none" : rule === "FREQ=DAILY" ? "daily" : /^FREQ=WEEKLY;BYDAY=[A-Z]{2}$/.test(rule) ? "weekly" : "custom",
    rule,
    assigneeMemberId: p?.assigneeMemberId ?? null,
  };
}


/**
 * Writing, reviewing and scheduling one post: base text with a variant per channel, live length per network,
 * media from the asset library, link, campaign, pillar, goal; then its deliveries, with what to do about each.
 */
export function PostEditor({ workspace, post, start, entries, canEdit, canApprove, onClose }: {
  workspace: Workspace;
  post: Post | null;
  start: { date: string; time: string } | null;
  entries: Entry[] | undefined;
  canEdit: boolean;
  canApprove: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat(workspace.timezone);
  const apiPosts = usePostApi(workspace.id);
  const people = usePeople(workspace.id);
  const [current, setCurrent] = useState<Post | null>(post);
  const [form, setForm] = useState<Form>(() => formOf(post, workspace.timezone, start));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [picking, setPicking] = useState(false);
  useEffect(() => setCurrent(post), [post]);
  const channels = useMemo(() => channelOptions(entries, t), [entries, t]);
  const goals = (entries ?? []).filter((e) => e.kind === "goal");
  const initiatives = (entries ?? []).filter((e) => e.kind === "initiative");
  const editable = !current || (EDITABLE_STATUSES as readonly string[]).includes(current.status);
  const writable = canEdit && editable;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((x) => ({ ...x, [k]: v }));
  const pillars = [...new Set(channels.filter((c) => form.channels.includes(c.id)).flatMap((c) => c.contentTypes))];

  // The server reads the wall-clock time by the domain's one rule (a skipped time is refused with its two nearest
  // real times, a repeated one is the first unless `later`); LocalTimeNote says the same before saving.
  const when = () =>
    form.date
      ? { scheduledLocal: { dateTime: `${form.date}T${form.time || "09:00"}`, timeZone: workspace.timezone, ...(form.later ? { disambiguation: "later" as const } : {}) } }
      : { scheduledAt: null };
  const recurrence = () => {
    if (form.repeat === "none") return null;
    if (form.repeat === "daily") return "FREQ=DAILY";
    if (form.repeat === "weekly") {
      const day = form.date ? (new Date(`${form.date}T12:00:00Z`).getUTCDay() + 6) % 7 : 0;
      return `FREQ=WEEKLY;BYDAY=${WEEKDAYS[day]}`;
    }
    return form.rule.trim() || null;
  };
  const body = () => ({
    title: form.title,
    body: form.body,
    variants: form.channels.map((id) => ({ channelId: id, text: form.variants[id] ?? null })),
    media: form.media,
    link: form.link.trim() || null,
    campaign: form.campaign.trim() || null,
    pillar: form.pillar,
    goalId: form.goalId,
    initiativeId: form.initiativeId,
    ...when(),
    recurrence: recurrence(),
    assigneeMemberId: form.assigneeMemberId,
  });

  const run = async (work: () => Promise<Post | void>, close = false) => {
    setBusy(true);
    setErrors({});
    try {
      const p = await work();
      if (p) {
        setCurrent(p);
        setForm(formOf(p, workspace.timezone, null));
      }
      if (close) onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((x) => [x.field, x.message])));
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () => (current ? apiPosts.update(current.id, body()) : apiPosts.create(body()));
  const saveThen = (next: (p: Post) => Promise<Post>) => run(async () => next(await save()));

  const limitRow = (c: ChannelOption) => {
    const text = withLink(form.variants[c.id] ?? form.body, form.link.trim() || null, form.link.trim() || null);
    const limit = NETWORK_LIMITS[c.network];
    const length = postLength(c.network, text);
    const over = limit !== null && length > limit;
    return (
      <Text key={c.id} size="xs" c={over ? "red" : "dimmed"} data-testid={`count-${c.network}`}>
        {c.label}: {limit === null ? t("posts.count", { length }) : t("posts.countOf", { length, limit })}
      </Text>
    );
  };

  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={current ? t("posts.edit") : t("posts.new")}>
      <Stack gap="sm">
        {current && (
          <Stack gap={6}>
            <StatusBadge status={current.status} />
            <PostReviewNote workspaceId={workspace.id} timeZone={workspace.timezone} post={current} />
          </Stack>
        )}
        {!editable && current?.status !== "published" && <Alert color="blue">{t("posts.lockedScheduled")}</Alert>}
        <TextInput label={t("posts.title")} value={form.title} onChange={(e) => set("title", e.currentTarget.value)} disabled={!writable} error={errors.title} />
        <Textarea label={t("posts.body")} autosize minRows={4} value={form.body} onChange={(e) => set("body", e.currentTarget.value)} disabled={!writable} error={errors.body} />
        <Checkbox.Group label={t("posts.channels")} value={form.channels} onChange={(v) => set("channels", v)} error={errors.variants}>
          <Group gap="md" mt={4}>
            {channels.map((c) => (
              <Checkbox key={c.id} value={c.id} label={c.label} disabled={!writable} />
            ))}
          </Group>
        </Checkbox.Group>
        {channels.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("posts.noChannels")}{" "}
            <Anchor component={Link} to={`/w/${workspace.id}/strategy/channels`}>
              {t("setup.toChannels")}
            </Anchor>
          </Text>
        )}
        <Stack gap={2}>{channels.filter((c) => form.channels.includes(c.id)).map(limitRow)}</Stack>
        {channels
          .filter((c) => form.channels.includes(c.id))
          .map((c, i) =>
            form.variants[c.id] === null || form.variants[c.id] === undefined ? (
              writable && (
                <Button key={c.id} variant="subtle" size="compact-sm" w="fit-content" onClick={() => setForm((x) => ({ ...x, variants: { ...x.variants, [c.id]: x.body } }))}>
                  {t("posts.ownText", { channel: c.label })}
                </Button>
              )
            ) : (
              <Textarea
                key={c.id}
                label={t("posts.variantFor", { channel: c.label })}
                autosize
                minRows={2}
                value={form.variants[c.id] ?? ""}
                disabled={!writable}
                error={errors[`variants.${i}.text`]}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setForm((x) => ({ ...x, variants: { ...x.variants, [c.id]: v } }));
                }}
                rightSection={
                  writable && (
                    <Tooltip label={t("posts.useBase")}>
                      <ActionIcon variant="subtle" aria-label={t("posts.useBase")} onClick={() => setForm((x) => ({ ...x, variants: { ...x.variants, [c.id]: null } }))}>
                        ×
                      </ActionIcon>
                    </Tooltip>
                  )
                }
              />
            ),
          )}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("posts.media")}
          </Text>
          <SimpleGrid cols={4} spacing="xs">
            {form.media.map((m, i) => (
              <Stack key={m.assetId} gap={2}>
                <Image src={assetThumbnailUrl(workspace.id, m.assetId)} alt={m.alt} h={80} fit="cover" radius="sm" fallbackSrc={assetFileUrl(workspace.id, m.assetId)} />
                <TextInput size="xs" placeholder={t("posts.alt")} aria-label={t("posts.alt")} value={m.alt} disabled={!writable} onChange={(e) => {
                  const alt = e.currentTarget.value;
                  setForm((x) => ({ ...x, media: x.media.map((y, j) => (j === i ? { ...y, alt } : y)) }));
                }} />
                {writable && <Button size="compact-xs" variant="subtle" color="red" onClick={() => set("media", form.media.filter((_, j) => j !== i))}>{t("posts.remove")}</Button>}
              </Stack>
            ))}
          </SimpleGrid>
          {writable && (
            <Button variant="default" size="xs" w="fit-content" onClick={() => setPicking(true)}>
              {t("posts.addMedia")}
            </Button>
          )}
        </Stack>
        <SimpleGrid cols={2}>
          <TextInput label={t("posts.link")} placeholder="https://" value={form.link} onChange={(e) => set("link", e.currentTarget.value)} disabled={!writable} error={errors.link} />
          <TextInput label={t("posts.campaign")} description={t("posts.campaignHint")} value={form.campaign} onChange={(e) => set("campaign", e.currentTarget.value)} disabled={!writable} />
          <Select label={t("posts.pillar")} data={pillars} value={form.pillar} onChange={(v) => set("pillar", v)} clearable searchable disabled={!writable} nothingFoundMessage={t("posts.noPillars")} />
          <Select label={t("posts.assignee")} data={(people.data?.members ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))} value={form.assigneeMemberId} onChange={(v) => set("assigneeMemberId", v)} disabled={!canEdit} />
          <Select label={t("posts.goal")} data={goals.map((g) => ({ value: g.id, label: entryTitle(g) || t("strategy.untitled") }))} value={form.goalId} onChange={(v) => set("goalId", v)} clearable disabled={!writable} error={errors.goalId} />
          <Select label={t("posts.initiative")} data={initiatives.map((g) => ({ value: g.id, label: entryTitle(g) || t("strategy.untitled") }))} value={form.initiativeId} onChange={(v) => set("initiativeId", v)} clearable disabled={!writable} />
        </SimpleGrid>
        <Divider label={t("posts.when", { zone: workspace.timezone })} labelPosition="left" />
        <SimpleGrid cols={3}>
          <TextInput type="date" label={t("posts.date")} value={form.date} onChange={(e) => set("date", e.currentTarget.value)} disabled={!canEdit} error={errors.scheduledAt ?? errors["scheduledLocal.dateTime"]} />
          <TextInput type="time" label={t("posts.time")} value={form.time} onChange={(e) => {
              const time = e.currentTarget.value;
              setForm((x) => ({ ...x, time, later: false }));
            }} disabled={!canEdit} />
          <Select
            label={t("posts.repeat")}
            value={form.repeat}
            onChange={(v) => set("repeat", (v ?? "none") as Repeat)}
            disabled={!writable}
            allowDeselect={false}
            data={(["none", "daily", "weekly", "custom"] as const).map((r) => ({ value: r, label: t(`posts.repeat_${r}`) }))}
          />
        </SimpleGrid>
        {canEdit && form.date && form.time && (
          <LocalTimeNote date={form.date} time={form.time} zone={workspace.timezone} later={form.later} onTime={(time) => setForm((x) => ({ ...x, time, later: false }))} onLater={(later) => set("later", later)} />
        )}
        {form.repeat === "custom" && <TextInput label={t("posts.rule")} description={t("posts.ruleHint")} value={form.rule} onChange={(e) => set("rule", e.currentTarget.value)} disabled={!writable} error={errors.recurrence} />}
        {current && current.warnings.length > 0 && (
          <Alert color="yellow" title={t("posts.warnings")} data-testid="post-warnings">
            <Stack gap={2}>
              {current.warnings.map((w, i) => (
                <Text key={i} size="sm">
                  {t(`posts.warning_${w.kind}`, { channel: channels.find((c) => c.id === w.channelId)?.label ?? "", when: w.instant ? f.dateTime(w.instant) : "", other: w.otherInstant ? f.dateTime(w.otherInstant) : "" })}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        {canEdit && workspace.requirePostApproval && (!current || current.status === "draft" || current.status === "idea") && (
          <Text size="xs" c="dimmed">
            {t("posts.approvalRequired")}
          </Text>
        )}
        {canEdit && (
          <Group gap="xs">
            {editable && (
              <Button loading={busy} onClick={() => void run(save)}>
                {t("common.save")}
              </Button>
            )}
            {/* Review is always possible; with approval required, a post must pass it before it can be scheduled. */}
            {editable && (!current || current.status === "draft" || current.status === "idea") && (
              <Button variant="light" loading={busy} onClick={() => void saveThen((p) => apiPosts.review(p.id))}>
                {t("posts.sendToReview")}
              </Button>
            )}
            {current?.status === "in_review" && canApprove && (
              <Button color="teal" variant="light" loading={busy} onClick={() => void run(() => apiPosts.approve(current))}>
                {t("posts.approve")}
              </Button>
            )}
            {editable && (!workspace.requirePostApproval || current?.status === "approved") && (
              <Button color="teal" loading={busy} disabled={!form.date} onClick={() => void saveThen((p) => apiPosts.schedule(p.id))}>
                {t("posts.schedule")}
              </Button>
            )}
            {current && !editable && current.status !== "published" && (
              <>
                <Button variant="light" loading={busy} disabled={!form.date} onClick={() => { const at = when().scheduledLocal; if (at) void run(() => apiPosts.move(current.id, { scheduledLocal: at })); }}>
                  {t("posts.moveTo")}
                </Button>
                <Button variant="default" loading={busy} onClick={() => void run(() => apiPosts.unschedule(current.id))}>
                  {t("posts.unschedule")}
                </Button>
              </>
            )}
            {current && (
              <Button color="red" variant="subtle" loading={busy} onClick={() => void run(() => apiPosts.remove(current.id), true)}>
                {t("posts.delete")}
              </Button>
            )}
          </Group>
        )}
        {current && current.deliveries.length > 0 && (
          <Stack gap="xs">
            <Divider label={t("posts.deliveries")} labelPosition="left" />
            {current.deliveries.map((d) => (
              <DeliveryRow key={d.id} workspace={workspace} post={current} delivery={d} channel={channels.find((c) => c.id === d.channelId)} canEdit={canEdit} onChange={setCurrent} />
            ))}
          </Stack>
        )}
      </Stack>
      {picking && (
        <Suspense fallback={null}>
          <AssetPicker
            workspaceId={workspace.id}
            initial={form.media.map((m) => m.assetId)}
            onClose={() => setPicking(false)}
            onPick={(ids) => {
              setForm((x) => ({ ...x, media: ids.map((id) => x.media.find((m) => m.assetId === id) ?? { assetId: id, alt: "" }) }));
              setPicking(false);
            }}
          />
        </Suspense>
      )}
    </Drawer>
  );
}

/** One channel's copy: its state, its error, and what a person can do about it (copy and confirm a reminder…). */
function DeliveryRow({ workspace, post, delivery: d, channel, canEdit, onChange }: { workspace: Workspace; post: Post; delivery: Delivery; channel: ChannelOption | undefined; canEdit: boolean; onChange: (p: Post) => void }) {
  const { t } = useTranslation();
  const f = useFormat(workspace.timezone);
  const apiPosts = usePostApi(workspace.id);
  const [permalink, setPermalink] = useState("");
  const [error, setError] = useState<string | null>(null);
  const base = post.variants.find((v) => v.channelId === d.channelId)?.text ?? post.body;
  // With short links on, the copy carries the counting link the app made for this channel.
  const tagged = post.link ? (tagLink(post.link, { ...utmPreset(channel?.network ?? "other", false, post.campaign ?? undefined), ...post.utm }) ?? post.link) : "";
  const link = d.shortPath ? `${window.location.origin}${d.shortPath}` : tagged;
  const text = withLink(base, post.link, link || null);
  const act = async (work: () => Promise<Post>) => {
    setError(null);
    try {
      onChange(await work());
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e));
    }
  };
  const waiting = d.status === "awaiting_confirmation" || d.status === "needs_attention" || d.status === "failed";
  return (
    <Stack gap={4} p="xs" style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 6 }} data-testid="delivery">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {channel?.label ?? t("posts.removedChannel")}
          </Text>
          <Badge size="sm" variant="light" color={d.mode === "auto" ? "blue" : "grape"}>
            {t(`posts.mode_${d.mode}`)}
          </Badge>
          <Badge size="sm" color={d.overdue ? "red" : undefined} variant="outline">
            {d.overdue ? t("posts.overdue") : t(`posts.delivery_${d.status}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {f.dateTime(d.dueAt)}
        </Text>
      </Group>
      {d.error && (
        <Text size="sm" c={d.status === "scheduled" ? "orange" : "red"}>
          {t(`publishErrors.${d.error.code}`, { defaultValue: d.error.message })}
          {d.nextAttemptAt ? ` ${t("posts.nextAttempt", { when: f.dateTime(d.nextAttemptAt) })}` : ""}
        </Text>
      )}
      {d.permalink && (
        <Anchor href={safeHref(d.permalink)} target="_blank" rel="noreferrer" size="sm">
          {d.permalink}
        </Anchor>
      )}
      {canEdit && d.mode === "reminder" && waiting && (
        <Group gap="xs">
          <CopyButton value={text}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t("posts.copied") : t("posts.copyText")}</Button>}</CopyButton>
          {post.media.map((m) => (
            <Button key={m.assetId} size="xs" variant="default" component="a" href={`${assetFileUrl(workspace.id, m.assetId)}?download=1`}>
              {t("posts.downloadMedia")}
            </Button>
          ))}
        </Group>
      )}
      {canEdit && waiting && (
        <Group gap="xs" align="end">
          <TextInput size="xs" placeholder="https://" aria-label={t("posts.permalink")} value={permalink} onChange={(e) => setPermalink(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button size="xs" color="teal" onClick={() => void act(() => (d.status === "awaiting_confirmation" ? apiPosts.confirm(post.id, d.id, permalink.trim() || null) : apiPosts.resolve(post.id, d.id, "published", permalink.trim() || null)))}>
            {t("posts.markPublished")}
          </Button>
          {d.status !== "awaiting_confirmation" && (
            <>
              <Button size="xs" variant="light" onClick={() => void act(() => apiPosts.resolve(post.id, d.id, "retry"))}>
                {t("posts.sendAgain")}
              </Button>
              <Button size="xs" variant="subtle" color="gray" onClick={() => void act(() => apiPosts.resolve(post.id, d.id, "cancel"))}>
                {t("posts.drop")}
              </Button>
            </>
          )}
        </Group>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
