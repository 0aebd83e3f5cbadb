import { Alert, Button, Card, FileButton, Group, List, Progress, Stack, Table, Text, Title } from "@mantine/core";
import type { ArchiveImportReport } from "@socialplan/schema";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { uploadArchive } from "./archive.ts";
import { useFormat } from "../../lib/format.ts";

/** Instance settings, instance admins only: upload a workspace archive and read what the import did. */
export function ImportArchiveCard() {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ArchiveImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Lets the same file be chosen again (after fixing the instance, say).
  const resetRef = useRef<() => void>(null);

  const send = async (file: File | null) => {
    if (!file) return;
    setReport(null);
    setError(null);
    setProgress(0);
    try {
      setReport(await uploadArchive(file, setProgress));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("errors.unknown"));
    } finally {
      setProgress(null);
      resetRef.current?.();
    }
  };

  return (
    <Card withBorder data-testid="archive-import">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t("archive.importTitle")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("archive.importBody")}
        </Text>
        <Group>
          <FileButton resetRef={resetRef} onChange={(f) => void send(f)} accept="application/zip,.zip">
            {(props) => (
              <Button {...props} loading={progress !== null}>
                {t("archive.chooseFile")}
              </Button>
            )}
          </FileButton>
        </Group>
        {progress !== null && (
          <Stack gap={4}>
            <Progress value={Math.round(progress * 100)} aria-label={t("archive.sending")} />
            <Text size="xs" c="dimmed">
              {progress < 1 ? t("archive.sending") : t("archive.importing")}
            </Text>
          </Stack>
        )}
        {error && (
          <Alert color="red" title={t("archive.failed")} data-testid="archive-import-error">
            {error}
          </Alert>
        )}
        {report && <ImportReport report={report} />}
      </Stack>
    </Card>
  );
}

function ImportReport({ report }: { report: ArchiveImportReport }) {
  const { t } = useTranslation();
  const rows = Object.entries(report.rows).filter(([, n]) => n > 0);
  const count = useFormat().number;
  return (
    <Stack gap="sm" data-testid="archive-import-report">
      <Alert color="teal" title={t("archive.done", { name: report.workspace.name })}>
        {t("archive.doneBody", { rows: count(rows.reduce((sum, [, n]) => sum + n, 0)), files: count(report.files) })}
      </Alert>
      {report.usersWithoutPassword.length > 0 && (
        <Alert color="yellow" title={t("archive.noPasswordTitle")}>
          <Text size="sm">{t("archive.noPasswordBody")}</Text>
          <List size="sm" mt={4}>
            {report.usersWithoutPassword.map((email) => (
              <List.Item key={email} style={{ overflowWrap: "anywhere" }}>
                {email}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {report.connectionsToReconnect.length > 0 && (
        <Alert color="yellow" title={t("archive.reconnectTitle")}>
          <Text size="sm">{t("archive.reconnectBody")}</Text>
          <List size="sm" mt={4}>
            {report.connectionsToReconnect.map((c) => (
              <List.Item key={c.id}>
                {c.label} ({c.kind})
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={280}>
        <Table striped fz="sm" aria-label={t("archive.rowsTitle")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("archive.table")}</Table.Th>
              <Table.Th ta="right">{t("archive.rows")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(([table, n]) => (
              <Table.Tr key={table}>
                <Table.Td>
                  <code>{table}</code>
                </Table.Td>
                <Table.Td ta="right">{count(n)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
