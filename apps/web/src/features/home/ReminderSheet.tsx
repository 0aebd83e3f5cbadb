import { Alert, Anchor, Button, CopyButton, Drawer, Group, Image, ScrollArea, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { assetFileUrl, assetThumbnailUrl, type Network, type Post, type Workspace } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, get } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { usePostApi } from "../calendar/posts.ts";
import { useRefreshHome } from "./home.ts";
import { reminderText } from "./reminder-text.ts";
import { usePhone } from "../../components/use-phone.ts";

export interface Reminder {
  postId: string;
  deliveryId: string;
  network: Network | undefined;
  title: string;
}

/**
 * A reminder, done from Home in one sheet: the text to copy, the pictures to download, and "mark published" with the
 * post's link. On a phone it rises from the bottom with its buttons large and low, where a thumb reaches them.
 */
export function ReminderSheet({ workspace, reminder, onClose }: { workspace: Workspace; reminder: Reminder; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = usePhone();
  const f = useFormat(workspace.timezone);
  const api = usePostApi(workspace.id);
  const refreshHome = useRefreshHome(workspace.id);
  const [permalink, setPermalink] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const post = useQuery({
    queryKey: ["post", workspace.id, reminder.postId],
    queryFn: async () => (await get<{ post: Post }>(`/workspaces/${workspace.id}/posts/${reminder.postId}`)).post,
  });
  const delivery = post.data?.deliveries.find((d) => d.id === reminder.deliveryId);
  const text = post.data && delivery ? reminderText(post.data, delivery, reminder.network, window.location.origin) : "";
  const network = reminder.network ? t(`home.network.${reminder.network}`) : "";
  const size = phone ? "lg" : "md";

  const markPublished = async () => {
    if (!delivery || !post.data) return;
    setError(null);
    setBusy(true);
    try {
      const link = permalink.trim() || null;
      await (delivery.status === "awaiting_confirmation" ? api.confirm(post.data.id, delivery.id, link) : api.resolve(post.data.id, delivery.id, "published", link));
      await refreshHome();
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      opened
      onClose={onClose}
      position={phone ? "bottom" : "right"}
      size="md"
      title={t("home.reminderSheet.title", { network })}
      radius={phone ? "lg" : 0}
      // On a phone the sheet is as tall as what it holds, so its buttons sit at the bottom of the screen.
      styles={{ content: phone ? { height: "auto", flex: "0 0 auto", width: "100%", maxHeight: "92dvh" } : {} }}
    >
      {!post.data ? (
        post.error ? (
          <Alert color="red">{post.error.message}</Alert>
        ) : (
          <Stack gap="sm" aria-busy="true" data-testid="reminder-sheet">
            <Skeleton h={80} />
            <Skeleton h={44} />
            <Skeleton h={44} />
          </Stack>
        )
      ) : (
        <Stack gap="sm" data-testid="reminder-sheet">
          <Text size="sm" c="dimmed">
            {[reminder.title || t("home.waiting.untitled"), delivery && f.dateTime(delivery.dueAt)].filter(Boolean).join(" · ")}
          </Text>
          {/* The text as it will be pasted: read here, copied with one tap. */}
          <ScrollArea.Autosize mah={phone ? 160 : 320} type="auto" style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 8 }}>
            <Text size="sm" p="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="reminder-text">
              {text}
            </Text>
          </ScrollArea.Autosize>
          {post.data.media.length > 0 && (
            <Group gap="xs" wrap="nowrap" style={{ overflowX: "auto" }}>
              {post.data.media.map((m) => (
                <Image key={m.assetId} src={assetThumbnailUrl(workspace.id, m.assetId)} alt={m.alt} w={64} h={64} radius="sm" fit="cover" style={{ flex: "none" }} />
              ))}
            </Group>
          )}
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button size={size} variant="light" fullWidth onClick={copy} data-testid="reminder-copy">
                {copied ? t("posts.copied") : t("posts.copyText")}
              </Button>
            )}
          </CopyButton>
          {post.data.media.map((m, i) => (
            <Button
              key={m.assetId}
              size={size}
              variant="default"
              fullWidth
              component="a"
              href={`${assetFileUrl(workspace.id, m.assetId)}?download=1`}
              download
              data-testid={i === 0 ? "reminder-download" : `reminder-download-${i + 1}`}
            >
              {post.data!.media.length > 1 ? t("home.reminderSheet.downloadOf", { n: i + 1, count: post.data!.media.length }) : t("home.reminderSheet.download")}
            </Button>
          ))}
          <TextInput
            size={size}
            type="url"
            inputMode="url"
            label={t("home.reminderSheet.link", { network })}
            placeholder="https://"
            value={permalink}
            onChange={(e) => setPermalink(e.currentTarget.value)}
            data-testid="reminder-link"
          />
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Button size={size} color="teal" fullWidth loading={busy} disabled={!delivery} onClick={() => void markPublished()} data-testid="reminder-done">
            {t("posts.markPublished")}
          </Button>
          <Anchor component={Link} to={`/w/${workspace.id}/calendar?post=${encodeURIComponent(reminder.postId)}`} size="sm" ta="center">
            {t("home.reminderSheet.openPost")}
          </Anchor>
        </Stack>
      )}
    </Drawer>
  );
}
