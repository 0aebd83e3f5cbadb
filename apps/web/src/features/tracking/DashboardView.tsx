import "@mantine/charts/styles.css";
import { BarChart, LineChart } from "@mantine/charts";
import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { engagementFormula, formatMoney, minorUnitDigits, type EngagementDefinition } from "@socialplan/domain";
import { formatDay, formatMonth, type BestTimes as BestTimesData, type Dashboard } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { NETWORK_COLORS } from "../calendar/network-colors.ts";
import { safeHref } from "../../lib/safe-href.ts";
import { EmptyState } from "../../components/Skeletons.tsx";
import { ChartFrame, fileSlug } from "../../components/ChartFrame.tsx";

type Channel = Dashboard["channels"][number];

/** Numbers in the user's language: counts whole, rates with one decimal, money in the workspace's currency. */
export function useNumbers(currency: string) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const n = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v));
  return {
    n,
    pct: (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${n(v, 1)} %`),
    money: (major: number | null) => (major === null ? "—" : formatMoney({ amount: Math.round(major * 10 ** minorUnitDigits(currency)), currency }, locale)),
    minor: (amount: number) => formatMoney({ amount, currency }, locale),
    metric: (m: string) => (m.startsWith("custom:") ? m.slice(7) : t(`metrics.${m}`)),
  };
}

function Change({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value === null) return <Text size="xs" c="dimmed">{t("tracking.noComparison")}</Text>;
  const up = value >= 0;
  return (
    <Text size="xs" c={up ? "teal.9" : "red.9"} fw={600}>
      {up ? "▲" : "▼"} {new Intl.NumberFormat(t("intlLocale"), { maximumFractionDigits: 1 }).format(Math.abs(value))} %
    </Text>
  );
}

function Tile({ label, value, children, testId }: { label: string; value: string; children?: React.ReactNode; testId?: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {children}
    </Card>
  );
}

/** Formula of an engagement rate as people read it, in the user's language. */
export function useFormula() {
  const { t } = useTranslation();
  return (d: EngagementDefinition | Channel["engagement"]["definition"]) => engagementFormula(d as EngagementDefinition, (m) => t(`metrics.${m}`));
}

const METRIC_COLORS = ["teal.6", "indigo.6", "orange.6", "grape.6", "cyan.6", "red.6"];
/** A calendar day on a chart's axis: "Nov 15" / "11월 15일" (the chart's range gives the year). */
const dayTick = (intl: string, day: string) => new Intl.DateTimeFormat(intl, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

/**
 * A channel's numbers per day as small multiples: one small chart per metric, each on its own scale. Followers
 * (850) and comments (6) on one axis would flatten the comments to a line at zero; a second (right) axis helps for
 * exactly two series and invites reading meaning into where the lines cross, while small multiples work for any
 * number of metrics and each shows its own ups and downs. One download for the group: the picture of all of them
 * and one CSV with a column per metric (blank where a day has no number).
 */
function MetricCharts({ c, metrics, data, label, n }: { c: Channel; metrics: string[]; data: Record<string, number | string | undefined>[]; label: (m: string) => string; n: (v: number | null | undefined) => string }) {
  const { t } = useTranslation();
  const intl = t("intlLocale");
  const name = c.handle ? `@${c.handle}` : t(`networks.${c.network}`);
  const points = data.map((p) => ({ ...p, tick: dayTick(intl, p.day as string) }));
  const first = data[0]?.day as string;
  const last = data.at(-1)?.day as string;
  return (
    <ChartFrame
      title={t("tracking.perDay", { channel: `${t(`networks.${c.network}`)} ${name}` })}
      subtitle={t("tracking.smallMultiples")}
      file={fileSlug(`${c.network}-${c.handle ?? ""}-${first}-${last}`)}
      testId="channel-chart"
      table={{ columns: [t("charts.day"), ...metrics.map(label)], rows: data.map((p) => [p.day as string, ...metrics.map((m) => (typeof p[m] === "number" ? (p[m] as number) : null))]) }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2, lg: Math.min(3, metrics.length) }} spacing="md" mt="xs">
        {metrics.map((m, i) => {
          const latest = [...data].reverse().find((p) => typeof p[m] === "number")?.[m] as number | undefined;
          return (
            <div key={m} data-testid={`metric-chart-${m}`}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {label(m)}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} data-testid="metric-latest">
                  {t("tracking.latest", { value: n(latest) })}
                </Text>
              </Group>
              <LineChart
                h={140}
                data={points}
                dataKey="tick"
                connectNulls
                curveType="monotone"
                withDots={points.length < 40}
                valueFormatter={(v) => n(v)}
                yAxisProps={{ width: 56 }}
                series={[{ name: m, label: label(m), color: METRIC_COLORS[i % METRIC_COLORS.length]! }]}
                referenceLines={c.viewsFrom && m === "seen" ? [{ x: dayTick(intl, c.viewsFrom), label: t("tracking.viewsSwitchShort"), color: "gray.6" }] : []}
              />
            </div>
          );
        })}
      </SimpleGrid>
    </ChartFrame>
  );
}

function ChannelCard({ c, currency }: { c: Channel; currency: string }) {
  const { t } = useTranslation();
  const f = useNumbers(currency);
  const formula = useFormula();
  const chartMetrics = [...new Set([...c.kpis.map((k) => k.metric), ...(c.viewsFrom ? ["seen"] : [])])];
  // Meta's switch: one line "impressions / views" that takes views where a day has them, else impressions.
  const data = c.series.map((p) => ({ day: p.day, ...p.values, seen: p.values.views ?? p.values.impressions }));
  const label = (m: string) => (m === "seen" ? t("tracking.impressionsOrViews") : f.metric(m));
  return (
    <Card withBorder padding="lg" data-testid={`channel-${c.channelId}`}>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Badge color={NETWORK_COLORS[c.network as keyof typeof NETWORK_COLORS] ?? "gray"} variant="filled">
            {t(`networks.${c.network}`)}
          </Badge>
          <Title order={3} size="h4">
            {c.handle ? `@${c.handle}` : t(`networks.${c.network}`)}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t("tracking.published", { count: c.published })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {c.kpis.map((k) => (
          <Tile key={k.metric} label={f.metric(k.metric)} value={f.n(k.current)} testId={`kpi-${k.metric}`}>
            <Change value={k.change} />
          </Tile>
        ))}
        {(c.engagement.current !== null || c.engagement.previous !== null) && <Tile label={t("tracking.engagementRate")} value={f.pct(c.engagement.current)} testId="kpi-engagement">
          <Tooltip label={t("tracking.engagementHelp")} multiline w={260}>
            <Text size="xs" c="dimmed" data-testid="engagement-formula">
              {formula(c.engagement.definition)}
            </Text>
          </Tooltip>
        </Tile>}
      </SimpleGrid>
      {c.costs.spend !== null && (
        <Group gap="lg" mt="sm" data-testid="costs">
          <Text size="sm">
            {t("tracking.spend")}: <b>{f.money(c.costs.spend)}</b> ({t(`tracking.spendFrom.${c.costs.spendSource}`)})
          </Text>
          {(["cpm", "cpc", "cpa"] as const).map((k) => (
            <Tooltip key={k} label={t(`tracking.costHelp.${k}`)}>
              <Text size="sm">
                {k.toUpperCase()}: <b>{f.money(c.costs[k])}</b>
              </Text>
            </Tooltip>
          ))}
          <Tooltip label={t("tracking.costHelp.roas")}>
            <Text size="sm">
              ROAS: <b>{c.costs.roas === null ? "—" : `${f.n(c.costs.roas, 2)}×`}</b>
            </Text>
          </Tooltip>
        </Group>
      )}
      {data.length > 0 ? (
        <>
          <div style={{ marginTop: "var(--mantine-spacing-md)" }}>
            <MetricCharts c={c} metrics={chartMetrics} data={data} label={label} n={f.n} />
          </div>
          {c.viewsFrom && (
            <Text size="xs" c="dimmed" mt={4} data-testid="views-note">
              {t("tracking.viewsSwitch", { date: formatDay(t("intlLocale"), c.viewsFrom) })}
            </Text>
          )}
        </>
      ) : (
        <Text c="dimmed" size="sm" mt="md">
          {t("tracking.noNumbers")}
        </Text>
      )}
    </Card>
  );
}

/** Planned against spent per channel over the dashboard's months, with its downloads. */
function BudgetByChannel({ d, name }: { d: Dashboard; name: (id: string | null) => string }) {
  const { t } = useTranslation();
  const f = useNumbers(d.currency);
  const unit = 10 ** minorUnitDigits(d.currency);
  const rows = d.budget.byChannel.map((b) => ({ channel: name(b.channelId), planned: b.planned / unit, actual: b.actual / unit }));
  return (
    <ChartFrame
      title={t("tracking.budgetByChannel")}
      file={`budget-by-channel-${d.budget.months[0] ?? ""}`}
      testId="budget-by-channel"
      table={{ columns: [t("tracking.channel"), `${t("tracking.planned")} (${d.currency})`, `${t("tracking.spent")} (${d.currency})`], rows: rows.map((r) => [r.channel, r.planned, r.actual]) }}
    >
      <BarChart
        h={180}
        data={rows}
        dataKey="channel"
        withLegend
        valueFormatter={(v) => f.money(v)}
        series={[
          { name: "planned", label: t("tracking.planned"), color: "gray.5" },
          { name: "actual", label: t("tracking.spent"), color: "teal.6" },
        ]}
      />
    </ChartFrame>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function BestTimes({ best }: { best: BestTimesData }) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const dayName = (d: number) => new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, d)));
  const shown = best.cells.filter((c) => c.average !== null);
  const max = Math.max(0, ...shown.map((c) => c.average!));
  const hours = [...new Set(best.cells.map((c) => c.hour))].sort((a, b) => a - b);
  return (
    <Card withBorder padding="lg" data-testid="best-times">
      <Title order={3} size="h4">
        {t("tracking.bestTime")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("tracking.bestTimeHelp", { min: best.minSample, posts: best.posts })}
      </Text>
      {!!best.pending && (
        <Text size="sm" mb="sm" role="status" data-testid="best-times-pending">
          {t("tracking.bestTimePending", { count: best.pending, n: new Intl.NumberFormat(locale).format(best.pending) })}
        </Text>
      )}
      {!shown.length ? (
        <Text size="sm">{t("tracking.bestTimeNotYet", { min: best.minSample })}</Text>
      ) : (
        <Table.ScrollContainer minWidth={500}>
          <Table withTableBorder fz="xs" ta="center">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                {hours.map((h) => (
                  <Table.Th key={h}>{String(h).padStart(2, "0")}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {WEEKDAYS.map((d) => (
                <Table.Tr key={d}>
                  <Table.Th>{dayName(d)}</Table.Th>
                  {hours.map((h) => {
                    const cell = best.cells.find((c) => c.weekday === d && c.hour === h);
                    const strength = cell?.average != null && max > 0 ? cell.average / max : 0;
                    return (
                      <Table.Td key={h} style={{ background: cell?.average != null ? `rgba(12, 166, 120, ${0.15 + 0.7 * strength})` : undefined }}>
                        {cell ? (
                          <Tooltip label={cell.average === null ? t("tracking.cellTooSmall", { posts: cell.posts, min: best.minSample }) : t("tracking.cellAverage", { rate: cell.average.toFixed(1), posts: cell.posts })}>
                            <span>{cell.average === null ? "·" : cell.average.toFixed(1)}</span>
                          </Tooltip>
                        ) : null}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** The dashboard's numbers (live, or a report's snapshot): channels, top posts, links, budget, best time, competitors. */
export function DashboardView({ d, best, workspaceId }: { d: Dashboard; best: BestTimesData | undefined; workspaceId: string }) {
  const { t } = useTranslation();
  const f = useNumbers(d.currency);
  const name = (id: string | null) => {
    const c = id ? d.channels.find((x) => x.channelId === id) : undefined;
    if (!id) return t("tracking.general");
    return c ? [t(`networks.${c.network}`), c.handle && `@${c.handle}`].filter(Boolean).join(" ") : "—";
  };
  // Without channels there are no numbers to show: only what to do first.
  if (d.channels.length === 0) {
    return (
      <EmptyState title={t("tracking.empty.title")} body={t("tracking.empty.body")} testId="tracking-empty">
        <Button component={Link} to={`/w/${workspaceId}/strategy/channels`}>
          {t("strategy.addRecord.channel")}
        </Button>
      </EmptyState>
    );
  }
  return (
    <Stack gap="lg">
      {d.exampleNumbers && (
        <Alert color="yellow" data-testid="example-numbers">
          {t("tracking.exampleNumbers")}
        </Alert>
      )}
      {d.channels.map((c) => (
        <ChannelCard key={c.channelId} c={c} currency={d.currency} />
      ))}

      <Card withBorder padding="lg" data-testid="top-posts">
        <Title order={3} size="h4" mb="xs">
          {t("tracking.topPosts")}
        </Title>
        {d.topPosts.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("tracking.noPostNumbers")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("tracking.post")}</Table.Th>
                  <Table.Th>{t("tracking.channel")}</Table.Th>
                  <Table.Th>{t("tracking.engagementRate")}</Table.Th>
                  <Table.Th>{t("metrics.reach")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.topPosts.map((p) => (
                  <Table.Tr key={`${p.channelId}-${p.postKey}`}>
                    <Table.Td maw={380}>
                      <Text size="sm" lineClamp={2}>
                        {p.postId ? <Anchor component={Link} to={`/w/${workspaceId}/calendar?post=${p.postId}`}>{p.text || "—"}</Anchor> : p.text || "—"}
                      </Text>
                      {p.permalink && (
                        <Anchor href={safeHref(p.permalink)} target="_blank" rel="noreferrer" size="xs">
                          {t("tracking.openPost")}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>{name(p.channelId)}</Table.Td>
                    <Table.Td>{f.pct(p.rate)}</Table.Td>
                    <Table.Td>{f.n(p.values.reach)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="lg" data-testid="links">
          <Title order={3} size="h4" mb="xs">
            {t("tracking.links")}
          </Title>
          {d.links.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("tracking.noLinks")}
            </Text>
          ) : (
            <Table fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("tracking.campaign")}</Table.Th>
                  <Table.Th>{t("tracking.sourceMedium")}</Table.Th>
                  <Table.Th>{t("metrics.link_clicks")}</Table.Th>
                  <Table.Th>{t("metrics.sessions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.links.slice(0, 12).map((l) => (
                  <Table.Tr key={`${l.campaign}-${l.source}-${l.medium}`}>
                    <Table.Td>{l.campaign}</Table.Td>
                    <Table.Td>
                      {l.source} / {l.medium}
                    </Table.Td>
                    <Table.Td>{f.n(l.clicks)}</Table.Td>
                    <Table.Td>{f.n(l.sessions)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder padding="lg" data-testid="budget">
          <Title order={3} size="h4">
            {t("tracking.budget")}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t("tracking.budgetHelp", { months: d.budget.months.map((m) => formatMonth(t("intlLocale"), m, "short")).join(", ") })} ·{" "}
            <Anchor component={Link} to={`/w/${workspaceId}/budget`} size="sm">
              {t("tracking.openBudget")}
            </Anchor>
          </Text>
          <Text size="sm" mb="sm">
            {t("tracking.plannedVsSpent", { planned: f.minor(d.budget.planned), actual: f.minor(d.budget.actual) })}
          </Text>
          {d.budget.byChannel.length > 0 && <BudgetByChannel d={d} name={name} />}
        </Card>
      </SimpleGrid>

      {best && <BestTimes best={best} />}

      {d.competitors.map((c) => {
        const dates = [...new Set(c.series.flatMap((s) => s.points.map((p) => p.date)))].sort();
        // Series keys are positions, not names: recharts reads "Studio Kiln & Co." as a nested path.
        const data = dates.map((date) => Object.fromEntries([["date", date], ...c.series.map((s, i) => [`s${i}`, s.points.find((p) => p.date === date)?.followers ?? null])]));
        return (
          <Card key={c.network} withBorder padding="lg" data-testid={`competitors-${c.network}`}>
            <ChartFrame
              title={t("tracking.competitors", { network: t(`networks.${c.network}`) })}
              subtitle={t("tracking.competitorsHelp")}
              file={`competitors-${c.network}-${dates[0] ?? ""}`}
              table={{ columns: [t("charts.day"), ...c.series.map((s) => s.name)], rows: data.map((p) => [p.date as string, ...c.series.map((_, i) => p[`s${i}`] as number | null)]) }}
            >
              <LineChart
                h={220}
                data={data.map((p) => ({ ...p, tick: dayTick(t("intlLocale"), p.date as string) }))}
                dataKey="tick"
                connectNulls
                withLegend
                valueFormatter={(v) => f.n(v)}
                series={c.series.map((s, i) => ({ name: `s${i}`, label: s.name, color: s.ours ? "teal.7" : ["orange.6", "grape.6", "indigo.6", "red.6"][i % 4]!, ...(s.ours ? {} : { strokeDasharray: "5 5" }) }))}
              />
            </ChartFrame>
          </Card>
        );
      })}
    </Stack>
  );
}
