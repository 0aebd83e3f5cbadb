import { Alert, Button, FileInput, Group, Modal, MultiSelect, ScrollArea, Select, Stack, Table, Text } from "@mantine/core";
import { IMPORT_DATE_FORMATS, IMPORT_PRESETS, type ImportPosts, type ImportResult } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { post } from "../../api/client.ts";
import { ImportColumns } from "../../components/ImportColumns.tsx";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import type { ChannelOption } from "./PostEditor.tsx";
import { usePostApi } from "./posts.ts";

/**
 * Bulk import of posts from a CSV file: our columns, or Hootsuite's or Sprout Social's bulk upload layout. The file
 * is checked first and every bad row shown with what to fix; then only the good rows are imported.
 */
export function ImportDialog({ workspaceId, zone, channels, onClose }: { workspaceId: string; zone: string; channels: ChannelOption[]; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const posts = usePostApi(workspaceId);
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState<ImportPosts["preset"]>("socialplan");
  const [dateFormat, setDateFormat] = useState<ImportPosts["dateFormat"]>("YYYY-MM-DD");
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await post<ImportResult>(`/workspaces/${workspaceId}/posts/import`, { csv: await file.text(), preset, dateFormat, channelIds, dryRun });
      setPreview(result);
      if (!dryRun) {
        setDone(result.imported);
        await posts.reload();
      }
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const bad = preview?.rows.filter((r) => r.errors.length).length ?? 0;
  const good = (preview?.rows.length ?? 0) - bad;
  const label = (id: string) => channels.find((c) => c.id === id)?.label ?? "";
  return (
    <Modal opened onClose={onClose} size="xl" title={t("import.title")}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t(`import.help_${preset}`)}
        </Text>
        <Group grow align="end">
          <Select label={t("import.preset")} data={IMPORT_PRESETS.map((p) => ({ value: p, label: t(`import.preset_${p}`) }))} value={preset} allowDeselect={false} onChange={(v) => { setPreset((v ?? "socialplan") as ImportPosts["preset"]); setPreview(null); }} />
          <Select label={t("import.dateFormat")} data={[...IMPORT_DATE_FORMATS]} value={dateFormat} allowDeselect={false} onChange={(v) => { setDateFormat((v ?? "YYYY-MM-DD") as ImportPosts["dateFormat"]); setPreview(null); }} />
        </Group>
        <MultiSelect label={t("import.channels")} description={t("import.channelsHint")} data={channels.map((c) => ({ value: c.id, label: c.label }))} value={channelIds} onChange={(v) => { setChannelIds(v); setPreview(null); }} />
        <FileInput label={t("import.file")} accept=".csv,text/csv" value={file} onChange={(v) => { setFile(v); setPreview(null); setDone(null); }} clearable data-testid="import-file" />
        {done !== null && <Alert color="teal">{t("import.done", { count: done })}</Alert>}
        {preview && done === null && (
          <Alert color={bad ? "orange" : "teal"} data-testid="import-summary">
            {t("import.summary", { good, bad })}
          </Alert>
        )}
        {preview && <ImportColumns columns={preview.columns} prefix="import" label={(f) => t(`import.fields.${f}`, { defaultValue: f })} />}
        {preview && (
          <ScrollArea.Autosize mah="45vh">
            <Table striped data-testid="import-rows">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("import.line")}</Table.Th>
                  <Table.Th>{t("posts.date")}</Table.Th>
                  <Table.Th>{t("posts.channels")}</Table.Th>
                  <Table.Th>{t("posts.body")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((r) => (
                  <Table.Tr key={r.line} data-testid={r.errors.length ? "import-bad" : "import-good"}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.scheduledAt ? f.dateTime(r.scheduledAt) : "—"}</Table.Td>
                    <Table.Td>{r.channelIds.map(label).join(", ")}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {r.text}
                      </Text>
                      {r.errors.map((e, i) => (
                        <Text key={i} size="xs" c="red">
                          {e.message}
                        </Text>
                      ))}
                      {r.notes?.map((n, i) => (
                        <Text key={`n${i}`} size="xs" c="orange.9" data-testid="import-note">
                          {n.message}
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button variant="light" disabled={!file} loading={busy} onClick={() => void send(true)}>
            {t("import.check")}
          </Button>
          <Button disabled={!preview || good === 0 || done !== null} loading={busy} onClick={() => void send(false)}>
            {t("import.importGood", { count: good })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
