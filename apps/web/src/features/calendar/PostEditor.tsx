import { ActionIcon, Alert, Anchor, Button, Checkbox, Divider, Drawer, Group, Image, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { utcToZoned, withLink } from "@socialplan/domain";
import { EDITABLE_STATUSES, NETWORK_LIMITS, VIOLATION_RULES, assetFileUrl, assetThumbnailUrl, entryTitle, networkLength, type ChannelData, type Entry, type Network, type Post, type Workspace } from "@socialplan/schema";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { usePeople } from "../people/people.ts";
import { useConnections, usePostApi } from "./posts.ts";
import { DeliveryRow } from "./DeliveryRow.tsx";
import { EditorPreviews, PublishModes, ruleIssues, ScheduleCheck, unconnectedChannels, useConnectOffer, useMediaFacts } from "./EditorPreviews.tsx";
import { LocalTimeNote, readTyped } from "./LocalTimeNote.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import { ChannelOptions } from "./ChannelOptions.tsx";
import { variantExtras, variantOptionsOf, type VariantOptions } from "./channel-options-logic.ts";
import { PostReviewNote } from "../review/PostReviewNote.tsx";

const AssetPicker = lazy(() => import("../assets/AssetPicker.tsx").then((m) => ({ default: m.AssetPicker })));

export interface ChannelOption {
  id: string;
  network: Network;
  label: string;
  /** The account's handle as written in the strategy ("" when none). */
  handle: string;
  contentTypes: string[];
}

export function channelOptions(entries: Entry[] | undefined, t: (k: string) => string): ChannelOption[] {
  return (entries ?? [])
    .filter((e) => e.kind === "channel")
    .map((e) => {
      const d = e.data as ChannelData & { content_types?: string[] };
      const network = (d.network ?? "other") as Network;
      return { id: e.id, network, label: [t(`networks.${network}`), d.handle].filter(Boolean).join(" "), handle: d.handle ?? "", contentTypes: d.content_types ?? [] };
    });
}

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
type Repeat = "none" | "daily" | "weekly" | "custom";

interface Form {
  title: string;
  body: string;
  channels: string[];
  variants: Record<string, string | null>;
  /** Per channel: feed or story, a first comment (Instagram, Threads), and its network's own fields. */
  options: Record<string, VariantOptions>;
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
    options: Object.fromEntries((p?.variants ?? []).map((v) => [v.channelId, variantOptionsOf(v)])),
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
export function PostEditor({ workspace, post, start, entries, canEdit, canApprove, onConnect, onClose }: {
  workspace: Workspace;
  post: Post | null;
  start: { date: string; time: string } | null;
  entries: Entry[] | undefined;
  canEdit: boolean;
  canApprove: boolean;
  /** Opens the accounts dialog (to connect a channel that would otherwise be a reminder). */
  onConnect?: () => void;
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
  const [checking, setChecking] = useState(false);
  const phone = useMediaQuery("(max-width: 48em)");
  const facts = useMediaFacts(workspace.id);
  const connections = useConnections(workspace.id);
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
    variants: form.channels.map((id) => {
      return { channelId: id, text: form.variants[id] ?? null, ...variantExtras(channels.find((c) => c.id === id)?.network ?? "other", form.options[id] ?? {}) };
    }),
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
  const chosen = channels.filter((c) => form.channels.includes(c.id));
  // The networks' rules, checked as the form is (the server says the same on saving, and refuses the errors on scheduling).
  const issues = ruleIssues(form, channels, facts, connections.data);
  const offer = useConnectOffer(workspace.id);
  const unconnected = unconnectedChannels(chosen, connections.data, offer);
  // Rule warnings show above each network's preview; the server's other warnings here.
  const otherWarnings = (current?.warnings ?? []).filter((w) => !(VIOLATION_RULES as readonly string[]).includes(w.kind));
  /** The typed date and time as an instant (the first of a repeated time unless "later"), for the previews. */
  const typedInstant = () => {
    const r = form.date ? readTyped(form.date, form.time || "09:00", workspace.timezone) : null;
    return !r || r.kind === "skipped" ? null : r.kind === "exact" ? r.instant : form.later ? r.later : r.earlier;
  };
  const scheduleNow = () => saveThen((p) => apiPosts.schedule(p.id));
  /** Schedules at once when nothing needs a look; otherwise asks, and names the fields a network would refuse. */
  const startSchedule = () => {
    const refused = issues.filter((i) => i.violation.severity === "error");
    if (refused.length) setErrors(Object.fromEntries(refused.map((i) => [i.field, t(`preview.rule_${i.violation.rule}`, { ...i.violation.params, network: t(`networks.${i.channel.network}`) })])));
    if (issues.length || unconnected.length) setChecking(true);
    else void scheduleNow();
  };

  const limitRow = (c: ChannelOption) => {
    const text = withLink(form.variants[c.id] ?? form.body, form.link.trim() || null, form.link.trim() || null);
    const limit = NETWORK_LIMITS[c.network];
    const length = networkLength(c.network, text);
    const over = limit !== null && length > limit;
    return (
      <Text key={c.id} size="xs" c={over ? "red" : "dimmed"} data-testid={`count-${c.network}`}>
        {c.label}: {limit === null ? t("posts.count", { length }) : t("posts.countOf", { length, limit })}
      </Text>
    );
  };

  return (
    <Drawer opened onClose={onClose} position="right" size={phone ? "100%" : "xl"} title={current ? <Group gap="sm">{t("posts.edit")}{canEdit && <Button size="compact-xs" variant="light" onClick={() => window.dispatchEvent(new CustomEvent("socialplan:duplicate-post", { detail: current.id }))}>{t("calendar.duplicate.button")}</Button>}</Group> : t("posts.new")}>
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
        <Stack gap={2}>{chosen.map(limitRow)}</Stack>
        <PublishModes chosen={chosen} connections={connections.data} offer={offer} onConnect={canEdit ? onConnect : undefined} />
        {channels
          .filter((c) => form.channels.includes(c.id))
          .map((c, i) =>
            form.variants[c.id] === null || form.variants[c.id] === undefined ? (
              writable && (
                <Button key={c.id} variant="subtle" size="compact-sm" w="fit-content" maw="100%" h="auto" py={2} styles={{ label: { whiteSpace: "normal", textAlign: "left" } }} onClick={() => setForm((x) => ({ ...x, variants: { ...x.variants, [c.id]: x.body } }))}>
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
        {chosen.map((c) => (
          <ChannelOptions key={c.id} workspaceId={workspace.id} channelId={c.id} postTitle={form.title} mediaIds={form.media.map((m) => m.assetId)} errors={errors} errorPrefix={`variants.${form.channels.indexOf(c.id)}.options`} label={c.label} network={c.network} value={form.options[c.id] ?? {}} disabled={!writable} onChange={(o) => setForm((x) => ({ ...x, options: { ...x.options, [c.id]: o } }))} />
        ))}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("posts.media")}
          </Text>
          <SimpleGrid cols={{ base: 3, xs: 4 }} spacing="xs">
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
          {Object.entries(errors)
            .filter(([k]) => k.startsWith("media"))
            .map(([k, message]) => (
              <Text key={k} size="xs" c="red" data-testid="media-error">
                {message}
              </Text>
            ))}
          {writable && (
            <Button variant="default" size="xs" w="fit-content" onClick={() => setPicking(true)}>
              {t("posts.addMedia")}
            </Button>
          )}
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={t("posts.link")} placeholder="https://" value={form.link} onChange={(e) => set("link", e.currentTarget.value)} disabled={!writable} error={errors.link} />
          <TextInput label={t("posts.campaign")} description={t("posts.campaignHint")} value={form.campaign} onChange={(e) => set("campaign", e.currentTarget.value)} disabled={!writable} />
          <Select label={t("posts.pillar")} data={pillars} value={form.pillar} onChange={(v) => set("pillar", v)} clearable searchable disabled={!writable} nothingFoundMessage={t("posts.noPillars")} />
          <Select label={t("posts.assignee")} data={(people.data?.members ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))} value={form.assigneeMemberId} onChange={(v) => set("assigneeMemberId", v)} disabled={!canEdit} />
          <Select label={t("posts.goal")} data={goals.map((g) => ({ value: g.id, label: entryTitle(g) || t("strategy.untitled") }))} value={form.goalId} onChange={(v) => set("goalId", v)} clearable disabled={!writable} error={errors.goalId} />
          <Select label={t("posts.initiative")} data={initiatives.map((g) => ({ value: g.id, label: entryTitle(g) || t("strategy.untitled") }))} value={form.initiativeId} onChange={(v) => set("initiativeId", v)} clearable disabled={!writable} />
        </SimpleGrid>
        <EditorPreviews workspaceId={workspace.id} accountName={workspace.name} timeZone={workspace.timezone} draft={form} channels={channels} facts={facts} scheduledAt={typedInstant() ?? current?.scheduledAt ?? null} status={current?.status ?? "draft"} />
        <Divider label={t("posts.when", { zone: workspace.timezone })} labelPosition="left" />
        <SimpleGrid cols={{ base: 2, xs: 3 }}>
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
        {otherWarnings.length > 0 && (
          <Alert color="yellow" title={t("posts.warnings")} data-testid="post-warnings">
            <Stack gap={2}>
              {otherWarnings.map((w, i) => (
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
              <Button color="teal" loading={busy} disabled={!form.date} onClick={startSchedule} data-testid="schedule">
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
      {checking && (
        <ScheduleCheck
          issues={issues}
          unconnected={unconnected}
          onConnect={onConnect}
          onClose={() => setChecking(false)}
          onConfirm={() => {
            setChecking(false);
            void scheduleNow();
          }}
        />
      )}
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
