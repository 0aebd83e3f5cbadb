import { Badge, Card, Checkbox, Group, Stack, Table, Text, Title } from "@mantine/core";
import { CATALOG, dayInZone, entryTitle, type ChannelData, type CollectionKind, type CompetitorData, type Entry, type PageKey, type SectionKind } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { StrategyHeader } from "./common.tsx";
import { useStrategyContext } from "./context.ts";
import { CollectionList, SectionCard } from "./editors.tsx";
import { GoalInitiatives, goalTitle, sortByPosition } from "./GoalsPage.tsx";

// The goals page lives in its own file; the routes load it from here with the other strategy pages.
export { GoalsPage } from "./GoalsPage.tsx";
import { useLang } from "./fields.tsx";
import { channelLabel, SWOT_PARTS } from "./structured.tsx";

/** Pages made of sections: company, mission, distribution, customer journey; geography with industry. */
export function SectionPage({ page, kinds }: { page: PageKey; kinds: SectionKind[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <StrategyHeader page={page} />
      {kinds.map((kind) => (
        <SectionCard key={kind} kind={kind} page={page} {...(kinds.length > 1 ? { title: t(`strategy.sectionTitles.${kind}`) } : {})} />
      ))}
    </Stack>
  );
}


/** Pages made of a list of records: personas, competitors, products, channels, check-ins. */
export function CollectionPage({ page, kind }: { page: PageKey; kind: CollectionKind }) {
  const { t } = useTranslation();
  const { entries, workspace } = useStrategyContext();
  const f = useFormat(workspace.timezone);
  const items = entries.filter((e) => e.kind === kind).sort(sortByPosition);
  const titleOf = (e: Entry) => {
    if (kind === "channel") return channelLabel(t, e.data as ChannelData);
    // A check-in is named by its date ("2026-12-07"), shown as the reader writes dates.
    if (kind === "review" && typeof e.data.date === "string" && !e.data.title) return f.day(e.data.date, "long");
    const title = entryTitle(e);
    return kind === "persona" && e.data.negative ? (
      <Group gap="xs">
        {title}
        <Badge size="xs" color="red" variant="light">
          {t("strategy.negativeBadge")}
        </Badge>
      </Group>
    ) : (
      title
    );
  };
  const newData = kind === "review" ? () => ({ date: dayInZone(new Date(), workspace.timezone) }) : kind === "channel" ? () => ({ network: "instagram" }) : undefined;
  return (
    <Stack gap="lg">
      <StrategyHeader page={page} />
      <CollectionList kind={kind} page={page} items={items} titleOf={titleOf} addLabel={t(`strategy.addRecord.${kind}`)} {...(newData ? { newData } : {})} />
    </Stack>
  );
}

/** All initiatives, grouped under their goals. */
export function InitiativesPage() {
  const { t } = useTranslation();
  const { entries } = useStrategyContext();
  const goals = entries.filter((e) => e.kind === "goal").sort(sortByPosition);
  return (
    <Stack gap="lg">
      <StrategyHeader page="initiatives" />
      {goals.length === 0 && <Text c="dimmed">{t("strategy.initiativesNeedGoal")}</Text>}
      {goals.map((g) => (
        <Card key={g.id} withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            {goalTitle(g) || t("strategy.untitled")}
          </Title>
          <GoalInitiatives goal={g} />
        </Card>
      ))}
    </Stack>
  );
}

/** The brand's SWOT, and a side-by-side comparison with any competitors picked (§6, §9.4). */
export function SwotPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { entries } = useStrategyContext();
  const competitors = entries.filter((e) => e.kind === "competitor").sort(sortByPosition);
  const [picked, setPicked] = useState<string[]>([]);
  const own = entries.find((e) => e.kind === "swot")?.data ?? {};
  const columns = [{ id: "own", name: t("strategy.yourBrand"), swot: own as Record<string, string[] | undefined> }, ...competitors.filter((c) => picked.includes(c.id)).map((c) => ({ id: c.id, name: (c.data as CompetitorData).name || t("strategy.untitled"), swot: ((c.data as CompetitorData).swot ?? {}) as Record<string, string[] | undefined> }))];
  return (
    <Stack gap="lg">
      <StrategyHeader page="swot" />
      <SectionCard kind="swot" page="swot" title={t("strategy.yourBrand")} />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          {t("strategy.compare.title")}
        </Title>
        {competitors.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("strategy.compare.none")}
          </Text>
        ) : (
          <Checkbox.Group value={picked} onChange={setPicked} label={t("strategy.compare.pick")} mb="md">
            <Group mt="xs">
              {competitors.map((c) => (
                <Checkbox key={c.id} value={c.id} label={(c.data as CompetitorData).name || t("strategy.untitled")} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <Table.ScrollContainer minWidth={300 * columns.length}>
          <Table withTableBorder withColumnBorders verticalSpacing="sm" data-testid="swot-compare">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160} />
                {columns.map((c) => (
                  <Table.Th key={c.id}>{c.name}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {SWOT_PARTS.map((part) => (
                <Table.Tr key={part}>
                  <Table.Th>{CATALOG.find((q) => q.id === `swot.${part}`)![lang].label.split(":")[0]}</Table.Th>
                  {columns.map((c) => (
                    <Table.Td key={c.id} style={{ verticalAlign: "top" }}>
                      {(c.swot[part] ?? []).map((item, i) => (
                        <Text key={i} size="sm">
                          · {item}
                        </Text>
                      ))}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
