import { Accordion, ActionIcon, Badge, Button, Card, Group, Image, MultiSelect, Select, SimpleGrid, Stack, Text, Title, Tooltip } from "@mantine/core";
import { DEFAULT_ENGAGEMENT, engagementFormula, METRICS, type EngagementDefinition } from "@socialplan/domain";
import { modals } from "@mantine/modals";
import { assetThumbnailUrl, NETWORKS, questionsOfKind, type CollectionKind, type Entry, type PageKey, type Question, type SectionKind } from "@socialplan/schema";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify.ts";
import { useStrategyContext } from "./context.ts";
import { ConflictModal, HistoryButton, SaveStatus } from "./EntryChrome.tsx";
import { useOpenFromUrl } from "./focus-field.ts";
import { FlagField, NumberField, SelectField, TagsField, TextField, DateField } from "./fields.tsx";
import { QuestionField } from "./QuestionField.tsx";
import { ReviewLinks } from "./ReviewLinks.tsx";
import { useAutosave, type Autosave } from "./useAutosave.ts";

// The library picker brings the upload zone with it: loaded when a photo is chosen, not with the strategy.
const AssetPicker = lazy(() => import("../assets/AssetPicker.tsx").then((m) => ({ default: m.AssetPicker })));

/** The questions of a kind shown on a page (products and prices share a record; so do website and profiles). */
export const pageQuestions = (page: PageKey, kind: string): Question[] =>
  questionsOfKind(kind as SectionKind).filter((q) => q.page === page && q.id !== "channels.website" && q.id !== "channels.content");

/** A channel's purpose is asked as the website's or the profile's, by its network; the rest in catalog order. */
function recordQuestions(page: PageKey, kind: CollectionKind, data: Record<string, unknown>): Question[] {
  if (kind !== "channel") return pageQuestions(page, kind);
  const purpose = questionsOfKind("channel").find((q) => q.id === (data.network === "website" ? "channels.website" : "channels.profile_purpose"))!;
  return [purpose, ...pageQuestions(page, kind).filter((q) => q.id !== "channels.profile_purpose")];
}

function Fields({ questions, form }: { questions: readonly Question[]; form: Autosave }) {
  return (
    <>
      {questions.map((q) => (
        <div key={q.id} data-question={q.id}>
          <QuestionField q={q} form={form} />
        </div>
      ))}
    </>
  );
}

/** A section of the strategy (one per workspace), saved as it is typed. */
export function SectionCard({ kind, page, title }: { kind: SectionKind; page: PageKey; title?: string }) {
  const { entries, api, canEdit } = useStrategyContext();
  const entry = entries.find((e) => e.kind === kind);
  const form = useAutosave(entry, (version, data) => api.saveSection(kind, version, data));
  return (
    <Card withBorder padding="lg" data-testid={`section-${kind}`}>
      <Group justify="space-between" mb="sm">
        {title ? <Title order={2} size="h4">{title}</Title> : <span />}
        <Group gap="xs">
          <SaveStatus form={form} />
          <HistoryButton entry={entry} />
        </Group>
      </Group>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <Fields questions={pageQuestions(page, kind)} form={form} />
        </Stack>
      </fieldset>
      <ConflictModal form={form} kind={kind} />
    </Card>
  );
}

/** Fields a record needs beyond the guide's questions (a name, a network, an owner…), before or after them. */
function Extras({ kind, form, place }: { kind: CollectionKind; form: Autosave; place: "before" | "after" }) {
  const { t } = useTranslation();
  const { members } = useStrategyContext();
  const frame = (field: string) => ({ label: t(`strategy.extra.${field}`), error: form.errors[field] });
  const set = (field: string) => (v: unknown) => form.set(field, v);
  const d = form.data;
  if (place === "before") {
    switch (kind) {
      case "goal":
        return <TextField frame={{ ...frame("title"), description: t("strategy.extraHelp.title") }} value={d.title} onChange={set("title")} />;
      case "product":
        return <TextField frame={frame("name")} value={d.name} onChange={set("name")} />;
      case "review":
        return <DateField label={t("strategy.extra.date")} value={d.date as string | undefined} onChange={set("date")} error={form.errors.date} />;
      case "channel":
        return (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SelectField frame={frame("network")} value={d.network} data={NETWORKS.map((n) => ({ value: n, label: t(`networks.${n}`) }))} onChange={set("network")} />
            <TextField frame={frame("handle")} value={d.handle} onChange={set("handle")} />
            <TextField frame={frame("url")} value={d.url} onChange={set("url")} />
          </SimpleGrid>
        );
      case "persona":
        return <PersonaPhoto form={form} />;
      default:
        return null;
    }
  }
  const risks = <TextField frame={{ ...frame("risks"), description: t("strategy.extraHelp.risks") }} value={d.risks} onChange={set("risks")} long />;
  switch (kind) {
    case "goal":
      return risks;
    case "initiative":
      return (
        <>
        {risks}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField frame={frame("owner_member_id")} value={d.owner_member_id} data={members.map((m) => ({ value: m.id, label: m.name }))} onChange={(v) => form.set("owner_member_id", v ?? null)} clearable />
          <SelectField frame={frame("status")} value={d.status} data={["planned", "in_progress", "on_hold", "done"].map((s) => ({ value: s, label: t(`strategy.status.${s}`) }))} onChange={set("status")} />
        </SimpleGrid>
        </>
      );
    case "review":
      return <ReviewLinks form={form} />;
    case "persona":
      return <FlagField frame={{ ...frame("negative"), description: t("strategy.extraHelp.negative") }} value={d.negative} onChange={set("negative")} />;
    case "channel":
      return (
        <>
          <QuestionField q={questionsOfKind("channel").find((q) => q.id === "channels.content")!} form={form} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberField frame={frame("posts_per_week")} value={d.posts_per_week} onChange={set("posts_per_week")} min={0} max={200} decimals={1} />
            <TagsField frame={{ ...frame("kpis"), description: t("strategy.extraHelp.kpis") }} value={d.kpis} onChange={set("kpis")} />
          </SimpleGrid>
          <EngagementField form={form} />
        </>
      );
    default:
      return null;
  }
}

/** How the channel's engagement rate is counted: the network's usual definition until someone chooses another. */
function EngagementField({ form }: { form: Autosave }) {
  const { t } = useTranslation();
  const network = String(form.data.network ?? "other");
  const current = (form.data.engagement as EngagementDefinition | undefined) ?? DEFAULT_ENGAGEMENT[network] ?? DEFAULT_ENGAGEMENT.default!;
  const change = (next: Partial<EngagementDefinition>) => form.set("engagement", { ...current, ...next });
  return (
    <Stack gap={4}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MultiSelect
          label={t("strategy.extra.engagements")}
          data={METRICS.filter((m) => !["followers", "reach", "impressions", "views", "ad_spend", "revenue", "orders", "sessions"].includes(m)).map((m) => ({ value: m, label: t(`metrics.${m}`) }))}
          value={current.engagements}
          onChange={(v) => v.length && change({ engagements: v as EngagementDefinition["engagements"] })}
        />
        <Select
          label={t("strategy.extra.engagementPer")}
          data={(["reach", "followers", "impressions_or_views"] as const).map((p) => ({ value: p, label: t(`strategy.engagementPer.${p}`) }))}
          value={current.per}
          allowDeselect={false}
          onChange={(v) => v && change({ per: v as EngagementDefinition["per"] })}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" data-testid="engagement-definition">
        {t("strategy.engagementFormula", { formula: engagementFormula(current, (m) => t(`metrics.${m}`)) })}
      </Text>
    </Stack>
  );
}

function PersonaPhoto({ form }: { form: Autosave }) {
  const { t } = useTranslation();
  const { workspace } = useStrategyContext();
  const [picking, setPicking] = useState(false);
  const id = form.data.photo_upload_id as string | null | undefined;
  return (
    <Group>
      {id ? (
        <Image src={assetThumbnailUrl(workspace.id, id)} alt={t("strategy.photoAlt", { name: String(form.data.name ?? "") })} w={96} h={96} radius="md" fit="cover" />
      ) : (
        <Card w={96} h={96} withBorder radius="md" p={0} style={{ display: "grid", placeItems: "center" }}>
          <Text size="xs" c="dimmed">
            {t("strategy.noPhoto")}
          </Text>
        </Card>
      )}
      <Stack gap={4}>
        <Button size="xs" variant="light" onClick={() => setPicking(true)}>
          {id ? t("strategy.changePhoto") : t("strategy.addPhoto")}
        </Button>
        {id && (
          <Button size="xs" variant="subtle" color="red" onClick={() => form.set("photo_upload_id", null)}>
            {t("strategy.removePhoto")}
          </Button>
        )}
      </Stack>
      {picking && (
        <Suspense fallback={null}>
          <AssetPicker
            workspaceId={workspace.id}
            initial={id ? [id] : []}
            only="image"
            single
            onClose={() => setPicking(false)}
            onPick={([picked]) => {
              setPicking(false);
              form.set("photo_upload_id", picked ?? null);
            }}
          />
        </Suspense>
      )}
    </Group>
  );
}

/** One record of a collection (a goal, a persona…): its fields, autosaved, with history and delete. */
export function RecordEditor({ entry, page, children }: { entry: Entry; page: PageKey; children?: ReactNode }) {
  const { t } = useTranslation();
  const { api, canEdit } = useStrategyContext();
  const kind = entry.kind as CollectionKind;
  const form = useAutosave(entry, (version, data) => api.update(entry.id, version, data));
  const remove = () =>
    modals.openConfirmModal({
      title: t("strategy.delete.title"),
      children: <Text size="sm">{t("strategy.delete.body")}</Text>,
      labels: { confirm: t("strategy.delete.confirm"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => void api.remove(entry).catch(notifyError),
    });
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="xs">
          <SaveStatus form={form} />
          {entry.example && (
            <Badge variant="outline" color="grape">
              {t("strategy.exampleBadge")}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <HistoryButton entry={entry} />
          {canEdit && (
            <Tooltip label={t("strategy.delete.title")}>
              <ActionIcon variant="subtle" color="red" onClick={remove} aria-label={t("strategy.delete.title")}>
                ×
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <Extras kind={kind} form={form} place="before" />
          <Fields questions={recordQuestions(page, kind, form.data)} form={form} />
          <Extras kind={kind} form={form} place="after" />
        </Stack>
      </fieldset>
      {children}
      <ConflictModal form={form} kind={kind} />
    </Stack>
  );
}

/** A collection as an accordion of records, newest last, with an add button. */
export function CollectionList({ kind, page, items, titleOf, newData, parentId, addLabel, childrenOf }: {
  kind: CollectionKind;
  page: PageKey;
  items: Entry[];
  titleOf: (e: Entry) => ReactNode;
  newData?: () => Record<string, unknown>;
  parentId?: string;
  addLabel: string;
  childrenOf?: (e: Entry) => ReactNode;
}) {
  const { t } = useTranslation();
  const { api, canEdit } = useStrategyContext();
  const linked = useOpenFromUrl();
  const [open, setOpen] = useState<string[]>(() => [...new Set([...(items.length === 1 ? [items[0]!.id] : []), ...(linked && items.some((e) => e.id === linked) ? [linked] : [])])]);
  const add = async () => {
    try {
      const created = await api.create(kind, newData?.() ?? {}, parentId);
      setOpen((o) => [...o, created.id]);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack>
      {items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t(`strategy.empty.${kind}`)}
        </Text>
      )}
      <Accordion variant="separated" multiple value={open} onChange={setOpen} chevronPosition="left">
        {items.map((e) => (
          <Accordion.Item key={e.id} value={e.id} data-testid={`record-${kind}`} data-record={e.id}>
            <Accordion.Control>
              <Text fw={500}>{titleOf(e) || t("strategy.untitled")}</Text>
            </Accordion.Control>
            <Accordion.Panel>
              <RecordEditor entry={e} page={page}>
                {childrenOf?.(e)}
              </RecordEditor>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
      {canEdit && (
        <Group>
          <Button variant="light" onClick={() => void add()}>
            {addLabel}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
