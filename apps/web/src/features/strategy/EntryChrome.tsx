import { Badge, Button, Drawer, Group, Modal, ScrollArea, Stack, Table, Text, Timeline, Tooltip } from "@mantine/core";
import { CATALOG, type Entry, type Revision } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { diffWords } from "diff";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useStrategyContext } from "./context.ts";
import { useLang } from "./fields.tsx";
import type { Autosave } from "./useAutosave.ts";
import { useFullScreenDialog } from "../../components/use-phone.ts";

/** A stored value as readable text, for comparing versions. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(valueText).join("\n");
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${valueText(x)}`)
    .join("\n");
}

function useFieldLabel(kind: string) {
  const lang = useLang();
  const { t } = useTranslation();
  return (field: string) => {
    const q = CATALOG.find((c) => "kind" in c.store && c.store.kind === kind && c.store.field === field);
    return q ? q[lang].label : t(`strategy.extra.${field}`, { defaultValue: field });
  };
}

const changedFields = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => valueText(a[k]) !== valueText(b[k]));

/** "Saving…", "Saved", or what went wrong, beside a record's title. */
export function SaveStatus({ form }: { form: Autosave }) {
  const { t } = useTranslation();
  const colors = { idle: "gray", pending: "gray", saving: "blue", saved: "teal", error: "red", conflict: "orange" } as const;
  if (form.state === "idle") return null;
  const badge = (
    <Badge variant="light" color={colors[form.state]} data-testid="save-status" data-state={form.state}>
      {t(`strategy.save.${form.state}`)}
    </Badge>
  );
  return form.message ? <Tooltip label={form.message} multiline w={280}>{badge}</Tooltip> : badge;
}

/** Shown when someone else saved first: both versions side by side, and the choice of which to keep. */
export function ConflictModal({ form, kind }: { form: Autosave; kind: string }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const label = useFieldLabel(kind);
  const theirs = form.theirs?.data ?? {};
  const fields = changedFields(form.data, theirs);
  return (
    <Modal opened={form.state === "conflict"} onClose={() => undefined} withCloseButton={false} size="xl" title={t("strategy.conflict.title")} fullScreen={fullScreen}>
      <Stack>
        <Text size="sm">{form.message}</Text>
        {form.theirs?.updatedBy && <Text size="sm" c="dimmed">{t("strategy.conflict.by", { name: form.theirs.updatedBy })}</Text>}
        <ScrollArea.Autosize mah={420}>
          <Table withTableBorder verticalSpacing="xs" data-testid="conflict-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="24%">{t("strategy.conflict.field")}</Table.Th>
                <Table.Th>{t("strategy.conflict.mine")}</Table.Th>
                <Table.Th>{t("strategy.conflict.theirs")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f) => (
                <Table.Tr key={f}>
                  <Table.Td fw={500}>{label(f)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "pre-wrap" }}>{valueText(form.data[f])}</Table.Td>
                  <Table.Td style={{ whiteSpace: "pre-wrap" }}>{valueText(theirs[f])}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        <Group justify="flex-end">
          <Button variant="default" onClick={form.takeTheirs}>
            {t("strategy.conflict.takeTheirs")}
          </Button>
          <Button color="orange" onClick={form.keepMine}>
            {t("strategy.conflict.keepMine")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Diff({ before, after }: { before: string; after: string }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
      {diffWords(before, after).map((part, i) => (
        <Text
          key={i}
          span
          inherit
          bg={part.added ? "teal.1" : part.removed ? "red.1" : undefined}
          td={part.removed ? "line-through" : undefined}
        >
          {part.value}
        </Text>
      ))}
    </Text>
  );
}

/** Every saved version of a record, who saved it and when, how it differs from now, and a way back. */
export function HistoryButton({ entry }: { entry: Entry | undefined }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  if (!entry) return null;
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={() => setOpened(true)}>
        {t("strategy.history.open")}
      </Button>
      {opened && <HistoryDrawer entry={entry} onClose={() => setOpened(false)} />}
    </>
  );
}

function HistoryDrawer({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const { api, workspace, canEdit } = useStrategyContext();
  const f = useFormat(workspace.timezone);
  const label = useFieldLabel(entry.kind);
  const revisions = useQuery({ queryKey: ["revisions", entry.id, entry.version], queryFn: () => api.revisions(entry.id) });
  const [selected, setSelected] = useState<Revision | null>(null);
  const restore = async (r: Revision) => {
    try {
      await api.restore(entry.id, r.id, entry.version);
      onClose();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={t("strategy.history.title")}>
      <Timeline active={-1} bulletSize={14} lineWidth={2}>
        {(revisions.data ?? []).map((r) => (
          <Timeline.Item
            key={r.id}
            title={
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {t("strategy.history.version", { version: r.version })}
                </Text>
                <Badge size="xs" variant="light">
                  {t(`strategy.history.${r.action}`)}
                </Badge>
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              <time dateTime={r.createdAt} title={f.exact(r.createdAt)}>
                {f.relative(r.createdAt)}
              </time>{" "}
              · {r.userName ?? t("strategy.history.someone")}
            </Text>
            <Group gap="xs" mt={4}>
              {r.data && (
                <Button size="compact-xs" variant="light" onClick={() => setSelected(selected?.id === r.id ? null : r)}>
                  {selected?.id === r.id ? t("strategy.history.hide") : t("strategy.history.compare")}
                </Button>
              )}
              {r.data && r.version !== entry.version && canEdit && (
                <Button size="compact-xs" variant="outline" onClick={() => void restore(r)}>
                  {t("strategy.history.restore_action")}
                </Button>
              )}
            </Group>
            {selected?.id === r.id && r.data && (
              <Stack gap="xs" mt="xs" data-testid="revision-diff">
                <Text size="xs" c="dimmed">
                  {t("strategy.history.diffHint")}
                </Text>
                {changedFields(r.data, entry.data).length === 0 && <Text size="sm">{t("strategy.history.same")}</Text>}
                {changedFields(r.data, entry.data).map((field) => (
                  <div key={field}>
                    <Text size="xs" fw={600}>
                      {label(field)}
                    </Text>
                    <Diff before={valueText(r.data![field])} after={valueText(entry.data[field])} />
                  </div>
                ))}
              </Stack>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Drawer>
  );
}
