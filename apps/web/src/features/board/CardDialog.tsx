import { ActionIcon, Button, Checkbox, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Tabs, TagsInput, Text, TextInput, Textarea, Typography } from "@mantine/core";
import { assetFileUrl, HATS, PRIORITIES, type Card, type Comment, type GoalData, type InitiativeData, type Member, type UpdateCard } from "@socialplan/schema";
import { useState } from "react";
import Markdown from "react-markdown";
import { useTranslation } from "react-i18next";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { get, post } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { AssetPicker } from "../assets/AssetPicker.tsx";
import { useLibrary } from "../assets/assets.ts";
import { AssetThumb } from "../assets/AssetViews.tsx";
import { useBoardApi } from "./board.ts";
import { useFullScreenDialog } from "../../components/use-phone.ts";

/** One card: everything about it, saved field by field; the description is Markdown, rendered without raw HTML. */
export function CardDialog({ card, workspaceId, members, canEdit, onClose }: { card: Card; workspaceId: string; members: Member[]; canEdit: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const api = useBoardApi(workspaceId);
  const strategy = useStrategy(workspaceId);
  const f = useFormat(useCurrentWorkspace().data?.timezone);
  const [title, setTitle] = useState(card.title);
  const [description, setDescription] = useState(card.description);
  const [item, setItem] = useState("");
  const save = (patch: UpdateCard) => void api.update(card.id, patch).catch(notifyError);
  const goals = (strategy.data ?? []).filter((e) => e.kind === "goal");
  const initiatives = (strategy.data ?? []).filter((e) => e.kind === "initiative");
  return (
    <Modal opened onClose={onClose} size="xl" title={t(`board.stages.${card.stage}`)} fullScreen={fullScreen}>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <TextInput label={t("board.fields.title")} value={title} onChange={(e) => setTitle(e.currentTarget.value)} onBlur={() => title.trim() && title !== card.title && save({ title: title.trim() })} />
          <Tabs defaultValue="write">
            <Tabs.List>
              <Tabs.Tab value="write">{t("board.fields.description")}</Tabs.Tab>
              <Tabs.Tab value="preview">{t("board.preview")}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="write" pt="xs">
              <Textarea value={description} onChange={(e) => setDescription(e.currentTarget.value)} onBlur={() => description !== card.description && save({ description })} autosize minRows={4} placeholder={t("board.markdownHint")} />
            </Tabs.Panel>
            <Tabs.Panel value="preview" pt="xs">
              <Typography data-testid="card-markdown">
                <Markdown>{description || t("board.noDescription")}</Markdown>
              </Typography>
            </Tabs.Panel>
          </Tabs>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MultiSelect label={t("board.fields.assignees")} data={members.map((m) => ({ value: m.id, label: m.name }))} value={card.assigneeIds} onChange={(assigneeIds) => save({ assigneeIds })} />
            <Select label={t("board.fields.hat")} data={HATS.map((h) => ({ value: h, label: t(`hats.${h}.name`) }))} value={card.hat} onChange={(v) => save({ hat: (v ?? null) as Card["hat"] })} clearable />
            <TextInput type="date" label={t("board.fields.dueDate")} value={card.dueDate ?? ""} onChange={(e) => save({ dueDate: e.currentTarget.value || null })} />
            <Select
              label={t("board.fields.priority")}
              description={card.stage === "backlog" ? t("board.backlogNoPriority") : undefined}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`board.priorities.${p}`) }))}
              value={card.priority}
              onChange={(v) => save({ priority: (v ?? null) as Card["priority"] })}
              disabled={card.stage === "backlog"}
              clearable
            />
            <Select label={t("board.fields.goal")} data={goals.map((g) => ({ value: g.id, label: (g.data as GoalData).title || (g.data as GoalData).specific || "—" }))} value={card.goalId} onChange={(v) => save({ goalId: v ?? null })} clearable />
            <Select label={t("board.fields.initiative")} data={initiatives.map((i) => ({ value: i.id, label: (i.data as InitiativeData).action ?? "—" }))} value={card.initiativeId} onChange={(v) => save({ initiativeId: v ?? null })} clearable />
          </SimpleGrid>
          <TagsInput label={t("board.fields.labels")} value={card.labels} onChange={(labels) => save({ labels })} />
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t("board.fields.checklist")}
            </Text>
            {card.checklist.map((c, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <Checkbox label={c.text} checked={c.done} onChange={(e) => save({ checklist: card.checklist.map((x, j) => (j === i ? { ...x, done: e.currentTarget.checked } : x)) })} />
                <ActionIcon size="sm" variant="subtle" color="red" aria-label={t("board.removeItem")} onClick={() => save({ checklist: card.checklist.filter((_, j) => j !== i) })}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group gap="xs">
              <TextInput aria-label={t("board.newItem")} placeholder={t("board.newItem")} value={item} onChange={(e) => setItem(e.currentTarget.value)} style={{ flex: 1 }} />
              <Button variant="light" disabled={!item.trim()} onClick={() => { save({ checklist: [...card.checklist, { text: item.trim(), done: false }] }); setItem(""); }}>
                {t("board.add")}
              </Button>
            </Group>
          </Stack>
          {card.stage === "on_hold" && card.holdReason && <Text size="sm" c="orange">{t("board.heldBecause", { reason: card.holdReason })}</Text>}
          {card.approvedAt && <Text size="sm" c="teal">{t("board.approvedAt", { name: members.find((m) => m.userId === card.approvedBy)?.name ?? "—", date: f.dateTime(card.approvedAt) })}</Text>}
          <Attachments workspaceId={workspaceId} ids={card.attachmentIds} canEdit={canEdit} onChange={(attachmentIds) => save({ attachmentIds })} />
          <Comments workspaceId={workspaceId} cardId={card.id} />
          <Group justify="space-between">
            <Button color="red" variant="subtle" onClick={() => void api.remove(card.id).then(onClose).catch(notifyError)}>
              {t("board.delete")}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t("board.close")}
            </Button>
          </Group>
        </Stack>
      </fieldset>
    </Modal>
  );
}

/** Files from the asset library attached to the card: open them, remove them, attach more (or upload them here). */
function Attachments({ workspaceId, ids, canEdit, onChange }: { workspaceId: string; ids: string[]; canEdit: boolean; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const library = useLibrary(workspaceId);
  const [picking, setPicking] = useState(false);
  const byId = new Map((library.data?.assets ?? []).map((a) => [a.id, a]));
  return (
    <Stack gap={6} data-testid="card-attachments">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {t("board.attachments")}
        </Text>
        {canEdit && (
          <Button size="xs" variant="light" onClick={() => setPicking(true)}>
            {t("board.attach")}
          </Button>
        )}
      </Group>
      {ids.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("board.noAttachments")}
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        {ids.map((id) => {
          const a = byId.get(id);
          if (!a) return null;
          return (
            <Stack key={id} gap={2} data-testid="attachment">
              <a href={assetFileUrl(workspaceId, id)} target="_blank" rel="noreferrer" aria-label={a.name}>
                <AssetThumb workspaceId={workspaceId} asset={a} height={80} />
              </a>
              <Group gap={2} wrap="nowrap" justify="space-between">
                <Text size="xs" truncate title={a.name}>
                  {a.name}
                </Text>
                {canEdit && (
                  <ActionIcon size="xs" variant="subtle" color="red" aria-label={t("board.detach", { name: a.name })} onClick={() => onChange(ids.filter((x) => x !== id))}>
                    ×
                  </ActionIcon>
                )}
              </Group>
            </Stack>
          );
        })}
      </SimpleGrid>
      {picking && (
        <AssetPicker
          workspaceId={workspaceId}
          initial={ids}
          onClose={() => setPicking(false)}
          onPick={(picked) => {
            setPicking(false);
            onChange(picked);
          }}
        />
      )}
    </Stack>
  );
}

/** The card's conversation; "@name" notifies that member. Comments are plain text (no HTML, no Markdown). */
function Comments({ workspaceId, cardId }: { workspaceId: string; cardId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const f = useFormat(useCurrentWorkspace().data?.timezone);
  const key = ["comments", cardId];
  const comments = useQuery({ queryKey: key, queryFn: () => get<Comment[]>(`/workspaces/${workspaceId}/board/cards/${cardId}/comments`), refetchInterval: 10_000 });
  const [body, setBody] = useState("");
  const send = async () => {
    try {
      client.setQueryData(key, await post<Comment[]>(`/workspaces/${workspaceId}/board/cards/${cardId}/comments`, { body: body.trim() }));
      setBody("");
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack gap={6} data-testid="card-comments">
      <Text size="sm" fw={600}>
        {t("board.comments")}
      </Text>
      {(comments.data ?? []).map((c) => (
        <div key={c.id}>
          <Text size="xs" c="dimmed">
            {c.authorName ?? "—"} ·{" "}
            <time dateTime={c.createdAt} title={f.exact(c.createdAt)}>
              {f.relative(c.createdAt)}
            </time>
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {c.body}
          </Text>
        </div>
      ))}
      <Textarea aria-label={t("board.newComment")} placeholder={t("board.newComment")} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} />
      <Group justify="flex-end">
        <Button size="xs" variant="light" disabled={!body.trim()} onClick={() => void send()}>
          {t("board.send")}
        </Button>
      </Group>
    </Stack>
  );
}
