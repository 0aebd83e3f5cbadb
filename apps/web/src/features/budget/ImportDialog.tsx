import { Alert, Button, FileButton, Group, Modal, SegmentedControl, Stack, Table, Text, Textarea } from "@mantine/core";
import { minorUnitDigits } from "@socialplan/domain";
import type { BudgetImportResult } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify.ts";

/** CSV import of planned or actual amounts: check first (every bad row named), then apply all rows or none. */
export function ImportDialog({ onClose, run, currency, month }: {
  onClose: () => void;
  run: (csv: string, field: "planned" | "actual", apply: boolean) => Promise<BudgetImportResult>;
  /** The workspace's currency and the period's first month: the example is written in them. */
  currency: string;
  month: string;
}) {
  const { t } = useTranslation();
  // An amount as the CSV takes it, in this currency's units: "250.00" (USD, EUR) or "250000" (KRW, no minor unit).
  const example = minorUnitDigits(currency) === 0 ? "250000" : "250.00";
  const [csv, setCsv] = useState("");
  const [field, setField] = useState<"planned" | "actual">("actual");
  const [result, setResult] = useState<BudgetImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (apply: boolean) => {
    setBusy(true);
    try {
      const r = await run(csv, field, apply);
      setResult(r);
      if (r.applied) onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const bad = result?.rows.filter((r) => r.error) ?? [];
  return (
    <Modal opened onClose={onClose} title={t("budget.import.title")} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t("budget.import.intro")}
        </Text>
        <SegmentedControl value={field} onChange={(v) => setField(v as "planned" | "actual")} data={[{ value: "planned", label: t("budget.modes.planned") }, { value: "actual", label: t("budget.modes.actual") }]} />
        <Textarea label={t("budget.import.csv")} value={csv} onChange={(e) => { setCsv(e.currentTarget.value); setResult(null); }} autosize minRows={6} maxRows={14} ff="monospace" placeholder={`line,month,amount\n${t("budget.import.exampleLine")},${month},${example}`} />
        <FileButton onChange={(file) => void file?.text().then((text) => { setCsv(text); setResult(null); })} accept=".csv,text/csv">
          {(props) => (
            <Button variant="subtle" size="xs" {...props} w="fit-content">
              {t("budget.import.file")}
            </Button>
          )}
        </FileButton>
        {result && bad.length > 0 && (
          <Alert color="red" title={t("budget.import.errors", { count: bad.length })}>
            <Table data-testid="import-errors">
              <Table.Tbody>
                {bad.map((r) => (
                  <Table.Tr key={r.row}>
                    <Table.Td w={90}>{t("budget.import.row", { row: r.row })}</Table.Td>
                    <Table.Td>{r.error}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Alert>
        )}
        {result && bad.length === 0 && !result.applied && <Alert color="teal">{t("budget.import.ok", { count: result.rows.length })}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void go(false)} loading={busy} disabled={!csv.trim()}>
            {t("budget.import.check")}
          </Button>
          <Button onClick={() => void go(true)} loading={busy} disabled={!csv.trim()}>
            {t("budget.import.apply")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
