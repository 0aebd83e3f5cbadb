import { Button, Drawer, Group, MultiSelect, Select, Stack } from "@mantine/core";
import { POST_STATUSES, entryTitle, type Entry, type Post } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { activeFilterCount, type Filters } from "./calendar-logic.ts";
import type { ChannelOption } from "./PostEditor.tsx";

/** Channel, status, campaign and goal filters: in a row on a wide screen, behind a "Filters (n)" button on a phone. */
export function CalendarFilters({ filters, onChange, channels, posts, entries, phone }: {
  filters: Filters;
  onChange: (f: Filters) => void;
  channels: ChannelOption[];
  posts: Post[];
  entries: Entry[];
  phone: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const campaigns = [...new Set(posts.flatMap((p) => (p.campaign ? [p.campaign] : [])))];
  const goals = entries.filter((e) => e.kind === "goal");
  const width = (w: number) => (phone ? "100%" : w);
  const fields = (
    <>
      <MultiSelect label={t("calendar.channels")} data={channels.map((c) => ({ value: c.id, label: c.label }))} value={filters.channels} onChange={(v) => onChange({ ...filters, channels: v })} clearable w={width(220)} comboboxProps={{ withinPortal: true }} />
      <MultiSelect label={t("calendar.status")} data={POST_STATUSES.map((s) => ({ value: s, label: t(`posts.status_${s}`) }))} value={filters.statuses} onChange={(v) => onChange({ ...filters, statuses: v })} clearable w={width(220)} />
      <Select label={t("posts.campaign")} data={campaigns} value={filters.campaign} onChange={(v) => onChange({ ...filters, campaign: v })} clearable w={width(180)} />
      <Select label={t("posts.goal")} data={goals.map((g) => ({ value: g.id, label: entryTitle(g) || t("strategy.untitled") }))} value={filters.goal} onChange={(v) => onChange({ ...filters, goal: v })} clearable w={width(200)} />
    </>
  );
  if (!phone) {
    return (
      <Group gap="sm" align="end" wrap="wrap">
        {fields}
      </Group>
    );
  }
  const count = activeFilterCount(filters);
  return (
    <>
      <Group gap="xs">
        <Button variant={count ? "light" : "default"} onClick={() => setOpen(true)} data-testid="filters-button">
          {count ? t("calendar.filters.buttonCount", { count }) : t("calendar.filters.button")}
        </Button>
        {count > 0 && (
          <Button variant="subtle" onClick={() => onChange({ channels: [], statuses: [], campaign: null, goal: null })}>
            {t("calendar.filters.clear")}
          </Button>
        )}
      </Group>
      <Drawer opened={open} onClose={() => setOpen(false)} position="bottom" size="80%" title={t("calendar.filters.title")}>
        <Stack gap="sm" pb="md">
          {fields}
          <Button onClick={() => setOpen(false)}>{t("calendar.filters.show")}</Button>
        </Stack>
      </Drawer>
    </>
  );
}
