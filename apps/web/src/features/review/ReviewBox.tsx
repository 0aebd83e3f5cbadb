import { Button, Combobox, Group, SimpleGrid, Stack, Text, Textarea, useCombobox } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { insertMention, mentionAt, suggestMembers } from "./mentions.ts";

type Action = "comment" | "approve" | "changes";

/**
 * The box under a post's thread: a comment (typing "@" offers the members' names), and for those who may decide,
 * Approve (the text goes with it as a note) and Request changes (which needs the text: it says what to change).
 */
export function ReviewBox({ names, canDecide, inReview, blocked, onComment, onApprove, onRequestChanges }: {
  names: string[];
  canDecide: boolean;
  inReview: boolean;
  /** Why nothing can be sent yet (a reviewer through a link who has not given a name), or null. */
  blocked?: string | null;
  onComment: (body: string) => Promise<unknown>;
  onApprove: (note: string) => Promise<unknown>;
  onRequestChanges: (note: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const suggestions = mention ? suggestMembers(names, mention.query) : [];
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const open = suggestions.length > 0;
  useEffect(() => {
    if (open) {
      combobox.openDropdown();
      combobox.selectFirstOption();
    } else combobox.closeDropdown();
    // The store object changes on every render; only the suggestions matter.
  }, [open, suggestions.join("\n")]);

  const track = (text: string, caret: number | null) => setMention(caret === null ? null : mentionAt(text, caret));
  const pick = (name: string) => {
    if (!mention) return;
    const caret = ref.current?.selectionStart ?? body.length;
    const next = insertMention(body, mention.start, caret, name);
    setBody(next.text);
    setMention(null);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const act = async (action: Action) => {
    const text = body.trim();
    setError(null);
    if (action === "changes" && !text) {
      setError(t("approvals.changesNeedNote"));
      ref.current?.focus();
      return;
    }
    setBusy(action);
    try {
      await (action === "comment" ? onComment(text) : action === "approve" ? onApprove(text) : onRequestChanges(text));
      setBody("");
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e));
    } finally {
      setBusy(null);
    }
  };

  const decide = canDecide && inReview;
  return (
    <Stack gap="xs">
      <Combobox store={combobox} onOptionSubmit={pick} position="bottom-start" withinPortal={false} width={280}>
        <Combobox.Target>
          <Textarea
            ref={ref}
            label={decide ? t("approvals.noteLabel") : t("approvals.commentLabel")}
            description={names.length ? t("approvals.mentionHint") : undefined}
            placeholder={decide ? t("approvals.notePlaceholder") : t("approvals.commentPlaceholder")}
            autosize
            minRows={2}
            maxRows={8}
            value={body}
            error={error}
            disabled={!!blocked}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              track(e.currentTarget.value, e.currentTarget.selectionStart);
            }}
            onClick={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
            onBlur={() => setMention(null)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && open) setMention(null);
            }}
          />
        </Combobox.Target>
        <Combobox.Dropdown>
          <Combobox.Options aria-label={t("approvals.mentionList")}>
            {suggestions.map((name) => (
              <Combobox.Option key={name} value={name} onMouseDown={(e) => e.preventDefault()}>
                @{name}
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      {blocked && (
        <Text size="sm" c="dimmed">
          {blocked}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" size="sm" loading={busy === "comment"} disabled={!!blocked || !body.trim() || (busy !== null && busy !== "comment")} onClick={() => void act("comment")}>
          {t("approvals.comment")}
        </Button>
      </Group>
      {decide && (
        // One above the other: the column is narrow beside the previews, and "Request changes" is long in both languages.
        <SimpleGrid cols={1} spacing="xs" w="100%" maw={440} ml="auto">
          <Button color="teal" loading={busy === "approve"} disabled={!!blocked || (busy !== null && busy !== "approve")} onClick={() => void act("approve")}>
            {t("approvals.approve")}
          </Button>
          <Button color="orange" variant="light" loading={busy === "changes"} disabled={!!blocked || (busy !== null && busy !== "changes")} onClick={() => void act("changes")}>
            {t("approvals.requestChanges")}
          </Button>
        </SimpleGrid>
      )}
    </Stack>
  );
}
