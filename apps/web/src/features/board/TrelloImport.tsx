import { Alert, Button, FileButton, Group, Modal, Select, Stack, Table, Text } from "@mantine/core";
import { guessStage, STAGES, type Stage, type TrelloImportResult } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, post } from "../../api/client.ts";
import { useBoardApi } from "./board.ts";
import { useFullScreenDialog } from "../../components/use-phone.ts";

interface Parsed {
  board: unknown;
  lists: { id: string; name: string; cards: number }[];
}

/** Trello → board: choose the JSON export, map each Trello list to a stage, import (all of it or nothing). */
export function TrelloImport({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const api = useBoardApi(workspaceId);
  const [open, setOpen] = useState(false);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [mapping, setMapping] = useState<Record<string, Stage | null>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<TrelloImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const read = async (file: File | null) => {
    setError(null);
    setDone(null);
    setParsed(null);
    if (!file) return;
    try {
      const board = JSON.parse(await file.text()) as { lists?: { id: string; name: string; closed?: boolean }[]; cards?: { idList: string; closed?: boolean }[] };
      if (!Array.isArray(board.lists)) throw new Error("no lists");
      const lists = board.lists.filter((l) => !l.closed).map((l) => ({ id: l.id, name: l.name, cards: (board.cards ?? []).filter((c) => c.idList === l.id && !c.closed).length }));
      setParsed({ board, lists });
      setMapping(Object.fromEntries(lists.map((l) => [l.id, guessStage(l.name)])));
    } catch {
      setError(t("board.trello.notJson"));
    }
  };
  const run = async () => {
    if (!parsed) return;
    setBusy(true);
    try {
      const chosen = Object.fromEntries(Object.entries(mapping).filter(([, s]) => s)) as Record<string, Stage>;
      setDone(await post<TrelloImportResult>(`/workspaces/${workspaceId}/board/import/trello`, { board: parsed.board, mapping: chosen }));
      await api.reload();
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join(" ") : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>
        {t("board.trello.open")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("board.trello.title")} size="lg" fullScreen={fullScreen}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t("board.trello.intro")}
          </Text>
          <FileButton onChange={(f) => void read(f)} accept="application/json,.json">
            {(props) => (
              <Button variant="light" {...props} w="fit-content">
                {t("board.trello.choose")}
              </Button>
            )}
          </FileButton>
          {error && <Alert color="red">{error}</Alert>}
          {parsed && (
            <Table data-testid="trello-mapping">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("board.trello.list")}</Table.Th>
                  <Table.Th w={220}>{t("board.trello.stage")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {parsed.lists.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      {l.name} <Text span c="dimmed" size="xs">({t("board.trello.cards", { count: l.cards })})</Text>
                    </Table.Td>
                    <Table.Td>
                      <Select aria-label={l.name} data={STAGES.map((s) => ({ value: s, label: t(`board.stages.${s}`) }))} value={mapping[l.id] ?? null} onChange={(v) => setMapping({ ...mapping, [l.id]: (v as Stage) ?? null })} clearable placeholder={t("board.trello.skip")} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {done && <Alert color="teal">{t("board.trello.done", { cards: done.cards, comments: done.comments, items: done.checklistItems })}</Alert>}
          <Group justify="flex-end">
            <Button onClick={() => void run()} disabled={!parsed || !!done} loading={busy}>
              {t("board.trello.import")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
