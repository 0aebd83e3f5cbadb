import { Badge, Card, Group, Progress, Text } from "@mantine/core";
import { formatMoney } from "@socialplan/domain";
import type { Budget } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";

type Pace = NonNullable<Budget["figures"]["pacing"]>;

/** Colour and sign of each pacing status (the words say it too: colour never alone). */
export const PACE_LOOK: Record<Pace["status"], { color: string; sign: string }> = {
  early: { color: "gray", sign: "…" },
  ahead: { color: "orange", sign: "▲" },
  on_track: { color: "teal", sign: "✓" },
  behind: { color: "blue", sign: "▼" },
  none: { color: "gray", sign: "–" },
};

/**
 * This month's pace in plain words: the share of the month's (tracked) money spent against the share of the month
 * gone, nothing judged before a fifth of the month has passed (the domain's PACING_RULE), fixed costs left out.
 */
export function BudgetPacing({ pace, currency }: { pace: Pace; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const money = (minor: number) => formatMoney({ amount: minor, currency }, t("intlLocale"));
  const look = PACE_LOOK[pace.status];
  const spent = pace.spentShare === null ? 0 : Math.round(pace.spentShare * 100);
  // Rounded down: "20 %" is never shown while the rule still finds it too early (19.6 %).
  const time = Math.floor(pace.timeShare * 100);
  return (
    <Card withBorder padding="md" data-testid="pacing" data-status={pace.status}>
      <Group justify="space-between" mb={6} wrap="wrap" gap="xs">
        <Text fw={600}>{t("budget.pacing.title", { month: f.month(pace.month) })}</Text>
        <Badge color={look.color} variant="light" leftSection={look.sign} data-testid="pacing-status">
          {t(`budget.pacing.${pace.status}`)}
        </Badge>
      </Group>
      <Text size="sm" mb={6} data-testid="pacing-sentence">
        {t(`budget.pacing.say.${pace.status}`, { spent, time })}
      </Text>
      {pace.status !== "none" && (
        <>
          {/* The bar is the money spent; the mark on it is how much of the month has gone. */}
          <div style={{ position: "relative" }}>
            <Progress value={Math.min(100, spent)} color={look.color} size="lg" aria-label={t("budget.pacing.spentBar", { spent })} />
            <div aria-hidden style={{ position: "absolute", top: -3, bottom: -3, left: `${time}%`, width: 2, background: "var(--mantine-color-dark-4)" }} />
          </div>
          <Text size="xs" c="dimmed" mt={6}>
            {t("budget.pacing.body", { spent: money(pace.spent), available: money(pace.available), day: pace.day, days: pace.days })} {t("budget.pacing.fixedLeftOut")}
          </Text>
        </>
      )}
    </Card>
  );
}
