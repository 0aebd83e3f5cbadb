import { Alert, Anchor, Button, Card, Group, MultiSelect, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { CATALOG, REVIEW_QUESTIONS, type ReviewAnswers } from "@socialplan/schema";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { usePeople } from "../people/people.ts";
import { useLang } from "../strategy/fields.tsx";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { DashboardView } from "./DashboardView.tsx";
import { GoalCards } from "./GoalCards.tsx";
import { CardsSkeleton, PageSkeleton } from "../../components/Skeletons.tsx";
import { useReport, useReportApi } from "./tracking.ts";

/**
 * One report: its numbers as they were when it was made (a snapshot), the team's answers to the four review
 * questions (guide §2), and the ways out — PDF, CSV, Excel and email.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { reportId = "" } = useParams();
  const { workspaceId, can, data: workspace } = useCurrentWorkspace();
  const f = useFormat(workspace?.timezone);
  const report = useReport(workspaceId, reportId);
  const api = useReportApi(workspaceId);
  const people = usePeople(workspaceId);
  const [answers, setAnswers] = useState<ReviewAnswers>({});
  const [recipients, setRecipients] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (report.data) setAnswers(report.data.answers);
  }, [report.data?.id]);

  if (report.error) return <Alert color="red">{report.error.message}</Alert>;
  if (!report.data) {
    return (
      <PageSkeleton tiles={3}>
        <CardsSkeleton count={2} lines={4} />
      </PageSkeleton>
    );
  }
  const r = report.data;
  const dirty = REVIEW_QUESTIONS.some((q) => (answers[q] ?? "") !== (r.answers[q] ?? ""));
  const save = async () => {
    setSaving(true);
    try {
      await api.update(r.id, { answers });
      notifications.show({ color: "teal", message: t("reports.saved") });
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  const email = async () => {
    try {
      await api.email(r.id, recipients);
      notifications.show({ color: "teal", message: t("reports.emailed", { count: recipients.length }) });
      setRecipients([]);
    } catch (e) {
      notifyError(e);
    }
  };
  const remove = async () => {
    if (!window.confirm(t("reports.confirmDelete"))) return;
    await api.remove(r.id).catch(notifyError);
    void navigate(`/w/${workspaceId}/reports`);
  };

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/w/${workspaceId}/reports`} size="sm">
        ← {t("reports.title")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={1} size="h2" data-testid="report-title">
            {r.title}
          </Title>
          <Text c="dimmed" size="sm">
            {t("reports.snapshotAt", { period: f.dayRange(r.from, r.to), at: f.dateTime(r.snapshot.generatedAt), zone: f.zone })}
          </Text>
        </Stack>
        <Group>
          {(["pdf", "csv", "xlsx"] as const).map((f) => (
            <Button key={f} component="a" href={api.exportUrl(r.id, f)} download variant="default" data-testid={`export-${f}`}>
              {t(`reports.export.${f}`)}
            </Button>
          ))}
        </Group>
      </Group>

      <Card withBorder padding="lg" data-testid="review-answers">
        <Title order={2} size="h4" mb="xs">
          {t("reports.reviewQuestions")}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t("reports.reviewHelp")}
        </Text>
        <Stack>
          {REVIEW_QUESTIONS.map((q) => {
            const question = CATALOG.find((c) => c.id === `review.${q}`)!;
            return (
              <Textarea
                key={q}
                label={question[lang].label}
                description={question[lang].help}
                autosize
                minRows={2}
                value={answers[q] ?? ""}
                onChange={(e) => setAnswers({ ...answers, [q]: e.currentTarget.value })}
                readOnly={!can("editor")}
                data-testid={`answer-${q}`}
              />
            );
          })}
        </Stack>
        {can("editor") && (
          <Group justify="flex-end" mt="md">
            <Button onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="save-answers">
              {t("reports.saveAnswers")}
            </Button>
          </Group>
        )}
      </Card>

      {can("editor") && (
        <Card withBorder padding="md">
          <Group align="flex-end">
            <MultiSelect
              label={t("reports.emailTo")}
              data={(people.data?.members ?? []).map((m) => ({ value: m.id, label: `${m.name} <${m.email}>` }))}
              value={recipients}
              onChange={setRecipients}
              style={{ flex: 1 }}
            />
            <Button variant="default" onClick={() => void email()} disabled={!recipients.length}>
              {t("reports.sendEmail")}
            </Button>
          </Group>
          {r.emailedAt && (
            <Text size="xs" c="dimmed" mt={4}>
              {t("reports.lastEmailed", { at: f.dateTime(r.emailedAt) })}
            </Text>
          )}
        </Card>
      )}

      <Title order={2} size="h3">
        {t("tracking.goals")}
      </Title>
      <GoalCards goals={r.snapshot.goals} titleOf={() => ""} workspaceId={workspaceId} currency={r.snapshot.dashboard.currency} />
      <Title order={2} size="h3">
        {t("tracking.channels")}
      </Title>
      <DashboardView d={r.snapshot.dashboard} best={r.snapshot.bestTimes} workspaceId={workspaceId} />
      {can("admin") && (
        <Group>
          <Button color="red" variant="subtle" onClick={() => void remove()}>
            {t("reports.delete")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
