import { ActionIcon, Anchor, Badge, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import type { Card } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { post } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useReports } from "../tracking/tracking.ts";
import { useStrategyContext } from "./context.ts";
import type { Autosave } from "./useAutosave.ts";

interface Decision {
  text: string;
  action: "note" | "card" | "strategy";
  card_id?: string | null;
  page?: string;
}

/**
 * What a strategy review (guide §2, `exec.agile`) looked at and what it decided: the report it discussed, and
 * decisions — each one a note, a task that becomes a card on the board, or a strategy section to change (opened
 * from here; the section's history then shows the change after the review's date).
 */
export function ReviewLinks({ form }: { form: Autosave }) {
  const { t } = useTranslation();
  const { workspace, canEdit } = useStrategyContext();
  const f = useFormat(workspace.timezone);
  const reports = useReports(workspace.id);
  const client = useQueryClient();
  const [draft, setDraft] = useState("");
  const decisions = (form.data.decisions as Decision[] | undefined) ?? [];
  const reportId = (form.data.report_id as string | null | undefined) ?? null;
  const setDecisions = (list: Decision[]) => form.set("decisions", list);

  const makeCard = async (i: number) => {
    const d = decisions[i]!;
    try {
      const board = await post<{ cards: Card[] }>(`/workspaces/${workspace.id}/board/cards`, { title: d.text.slice(0, 200), description: t("reviews.cardFrom", { date: typeof form.data.date === "string" ? f.day(form.data.date, "long") : "" }), stage: "next" });
      const card = board.cards.filter((c) => c.title === d.text.slice(0, 200)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      setDecisions(decisions.map((x, k) => (k === i ? { ...x, card_id: card?.id ?? null } : x)));
      void client.invalidateQueries({ queryKey: ["board", workspace.id] });
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack gap="sm" data-testid="review-links">
      <Group align="flex-end">
        <Select
          label={t("reviews.report")}
          description={t("reviews.reportHelp")}
          data={(reports.data ?? []).map((r) => ({ value: r.id, label: `${r.title} (${f.dayRange(r.from, r.to)})` }))}
          value={reportId}
          onChange={(v) => form.set("report_id", v ?? null)}
          clearable
          disabled={!canEdit}
          style={{ flex: 1 }}
        />
        {reportId && (
          <Anchor component={Link} to={`/w/${workspace.id}/reports/${reportId}`} size="sm" mb={8}>
            {t("reviews.openReport")}
          </Anchor>
        )}
      </Group>
      <Text fw={600} size="sm">
        {t("reviews.decisions")}
      </Text>
      {decisions.map((d, i) => (
        <Group key={i} gap="xs" wrap="nowrap" data-testid="decision">
          <Text size="sm" style={{ flex: 1 }}>
            {d.text}
          </Text>
          <Select
            aria-label={t("reviews.action")}
            size="xs"
            w={200}
            data={(["note", "card", "strategy"] as const).map((a) => ({ value: a, label: t(`reviews.actions.${a}`) }))}
            value={d.action}
            onChange={(v) => setDecisions(decisions.map((x, k) => (k === i ? { ...x, action: (v ?? "note") as Decision["action"] } : x)))}
            disabled={!canEdit}
          />
          {d.action === "card" &&
            (d.card_id ? (
              <Anchor component={Link} to={`/w/${workspace.id}/board?card=${d.card_id}`} size="sm">
                <Badge variant="light">{t("reviews.cardMade")}</Badge>
              </Anchor>
            ) : (
              <Button size="xs" variant="light" onClick={() => void makeCard(i)} disabled={!canEdit}>
                {t("reviews.makeCard")}
              </Button>
            ))}
          {d.action === "strategy" && (
            <Anchor component={Link} to={`/w/${workspace.id}/strategy`} size="sm">
              {t("reviews.openStrategy")}
            </Anchor>
          )}
          {canEdit && (
            <ActionIcon variant="subtle" color="red" aria-label={t("reviews.removeDecision")} onClick={() => setDecisions(decisions.filter((_, k) => k !== i))}>
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {canEdit && (
        <Group gap="xs">
          <TextInput placeholder={t("reviews.newDecision")} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} style={{ flex: 1 }} aria-label={t("reviews.newDecision")} />
          <Button
            variant="default"
            disabled={!draft.trim()}
            onClick={() => {
              setDecisions([...decisions, { text: draft.trim(), action: "card" }]);
              setDraft("");
            }}
          >
            {t("reviews.addDecision")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
