import { Alert, Button, FileInput, Group, Modal, Progress, Select, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { METRICS } from "@socialplan/domain";
import { formatDay, type MetricImportResult } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { ImportColumns } from "../../components/ImportColumns.tsx";
import { uploadMetrics, type ImportOptions } from "./tracking.ts";

const DATE_FORMATS = ["MM/DD/YYYY", "YYYY-MM-DD", "DD/MM/YYYY", "DD.MM.YYYY"];

/**
 * Brings numbers in from a file: a Meta Business Suite post export (Instagram or Facebook, in any of the account
 * languages we read), a GA4 traffic export, or any CSV whose columns the user maps. The file is checked first —
 * every bad row listed with its line and what to fix, the first rows shown as understood — and only then saved.
 */
export function MetricImportDialog({ workspaceId, channels, opened, onClose, onDone }: { workspaceId: string; channels: { value: string; label: string }[]; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<ImportOptions["preset"]>("meta");
  const [channelId, setChannelId] = useState<string | null>(null);
  const [dateFormat, setDateFormat] = useState("MM/DD/YYYY");
  const [decimal, setDecimal] = useState<"point" | "comma">("point");
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<{ date: string; channel: string; metrics: Record<string, string> }>({ date: "", channel: "", metrics: {} });
  const [result, setResult] = useState<MetricImportResult | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setResult(null);
    setError(null);
    setProgress(null);
  };
  const options = (dryRun: boolean): ImportOptions => ({
    preset,
    channelId,
    dateFormat,
    decimal,
    dryRun,
    ...(preset === "generic" && mapping.date ? { mapping: { date: mapping.date, ...(mapping.channel ? { channel: mapping.channel } : {}), metrics: Object.fromEntries(Object.entries(mapping.metrics).filter(([, m]) => m)) } } : {}),
  });

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const r = await uploadMetrics(workspaceId, file, options(dryRun), setProgress);
      setResult(r);
      const names = r.columns.map((c) => c.header);
      if (preset === "generic" && !mapping.date && names.length) {
        // First look at a generic file: guess the date column and the metrics whose names the headers use.
        const guess = (h: string) => METRICS.find((m) => h.toLowerCase().replace(/\s+/g, "_") === m || t(`metrics.${m}`).toLowerCase() === h.toLowerCase());
        setMapping({
          date: names.find((c) => /date|day|날짜|datum|tag/i.test(c)) ?? names[0]!,
          channel: names.find((c) => /channel|채널|kanal/i.test(c)) ?? "",
          metrics: Object.fromEntries(names.map((c) => [c, guess(c) ?? ""])),
        });
      }
      if (!dryRun) {
        notifications.show({ color: "teal", message: t("tracking.import.done", { count: r.cells, rows: r.good }) });
        onDone();
        setFile(null);
        reset();
        onClose();
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };

  const metricOptions = [{ value: "", label: t("tracking.import.skip") }, ...METRICS.map((m) => ({ value: m, label: t(`metrics.${m}`) }))];
  const mappedMetrics = Object.values(mapping.metrics).filter(Boolean).length;
  const headers = [...new Set(result?.columns.map((c) => c.header) ?? [])];
  const fieldLabel = (f: string) => ((METRICS as readonly string[]).includes(f) ? t(`metrics.${f}`) : f.startsWith("custom:") ? f.slice(7) : t(`tracking.import.fields.${f}`, { defaultValue: f }));
  return (
    <Modal opened={opened} onClose={onClose} title={t("tracking.import.title")} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t(`tracking.import.help.${preset}`)}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t("tracking.import.preset")}
            data={(["meta", "ga4", "generic"] as const).map((p) => ({ value: p, label: t(`tracking.import.presets.${p}`) }))}
            value={preset}
            allowDeselect={false}
            onChange={(v) => {
              setPreset(v as ImportOptions["preset"]);
              setDateFormat(v === "generic" ? "YYYY-MM-DD" : "MM/DD/YYYY");
              setMapping({ date: "", channel: "", metrics: {} });
              reset();
            }}
          />
          {preset !== "ga4" && (
            <Select label={t("tracking.import.channel")} description={t("tracking.import.channelHelp")} data={channels} value={channelId} onChange={setChannelId} clearable />
          )}
          {preset !== "ga4" && <Select label={t("tracking.import.dateFormat")} data={DATE_FORMATS} value={dateFormat} allowDeselect={false} onChange={(v) => setDateFormat(v ?? "MM/DD/YYYY")} />}
          {preset === "generic" && (
            <Select
              label={t("tracking.import.decimal")}
              data={[
                { value: "point", label: "1,520.5" },
                { value: "comma", label: "1.520,5" },
              ]}
              value={decimal}
              allowDeselect={false}
              onChange={(v) => setDecimal(v as "point" | "comma")}
            />
          )}
        </SimpleGrid>
        <FileInput
          label={t("tracking.import.file")}
          placeholder={t("tracking.import.choose")}
          accept=".csv,.txt,.tsv,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            setMapping({ date: "", channel: "", metrics: {} });
            reset();
          }}
          data-testid="metrics-file"
          clearable
        />
        {preset === "generic" && result && headers.length > 0 && (
          <Stack gap="xs" data-testid="mapping">
            <Text fw={600} size="sm">
              {t("tracking.import.mapping")}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label={t("tracking.import.dateColumn")} data={headers} value={mapping.date} onChange={(v) => setMapping({ ...mapping, date: v ?? "" })} />
              <Select label={t("tracking.import.channelColumn")} data={[{ value: "", label: t("tracking.import.none") }, ...headers.map((c) => ({ value: c, label: c }))]} value={mapping.channel} onChange={(v) => setMapping({ ...mapping, channel: v ?? "" })} />
              {headers
                .filter((c) => c !== mapping.date && c !== mapping.channel)
                .map((c) => (
                  <Select key={c} label={c} data={metricOptions} value={mapping.metrics[c] ?? ""} onChange={(v) => setMapping({ ...mapping, metrics: { ...mapping.metrics, [c]: v ?? "" } })} />
                ))}
            </SimpleGrid>
          </Stack>
        )}
        {progress !== null && <Progress value={progress * 100} animated aria-label={t("tracking.import.progress")} data-testid="import-progress" />}
        {error && <Alert color="red">{error}</Alert>}
        {result && (
          <Stack gap="xs" data-testid="import-preview">
            <Alert color={result.errorCount ? "orange" : "teal"}>
              {t("tracking.import.summary", { rows: result.rows, good: result.good, bad: result.errorCount, cells: result.cells })}
              {result.language ? ` ${t("tracking.import.language", { language: t(`tracking.import.languages.${result.language}`) })}` : ""}
            </Alert>
            {(preset !== "generic" || result.columns.some((c) => c.field)) && <ImportColumns columns={result.columns} prefix="tracking.import" label={fieldLabel} />}
            {result.errors.length > 0 && (
              <Table.ScrollContainer minWidth={500} mah={220}>
                <Table fz="sm" data-testid="import-errors">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("tracking.import.line")}</Table.Th>
                      <Table.Th>{t("tracking.import.problem")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.errors.map((e, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{e.line}</Table.Td>
                        <Table.Td>{e.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {result.preview.length > 0 && (
              <Table.ScrollContainer minWidth={500} mah={220}>
                <Table fz="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("tracking.import.line")}</Table.Th>
                      <Table.Th>{t("tracking.import.day")}</Table.Th>
                      <Table.Th>{t("tracking.channel")}</Table.Th>
                      <Table.Th>{t("tracking.import.values")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.preview.map((p) => (
                      <Table.Tr key={p.line}>
                        <Table.Td>{p.line}</Table.Td>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDay(t("intlLocale"), p.day)}</Table.Td>
                        <Table.Td>{p.channel}</Table.Td>
                        <Table.Td>
                          {Object.entries(p.values)
                            .map(([k, v]) => `${t(`metrics.${k}`, { defaultValue: k })} ${v}`)
                            .join(" · ")}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void run(true)} disabled={!file || progress !== null} data-testid="import-check">
            {t("tracking.import.check")}
          </Button>
          <Button onClick={() => void run(false)} disabled={!file || !result || !result.good || progress !== null || (preset === "generic" && !mappedMetrics)} data-testid="import-save">
            {t("tracking.import.save", { count: result?.good ?? 0 })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
