import { Button, Group, Modal, ScrollArea, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import type { AssetKind } from "@socialplan/schema";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLibrary, useUploads } from "./assets.ts";
import { AssetGrid, UploadZone } from "./AssetViews.tsx";
import { useFullScreenDialog } from "../../components/use-phone.ts";

/**
 * Chooses files from the library, or uploads new ones on the spot (they come back chosen). `only` limits the
 * choice to one kind (a persona's photo is an image); `single` to one file.
 */
export function AssetPicker({ workspaceId, initial = [], only, single, onPick, onClose }: { workspaceId: string; initial?: string[]; only?: AssetKind; single?: boolean; onPick: (ids: string[]) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const [q, setQ] = useState("");
  const [tab, setTab] = useState<"library" | "upload">("library");
  const [chosen, setChosen] = useState<string[]>(initial);
  const library = useLibrary(workspaceId, { q, kind: only ?? null });
  const uploaded = useCallback((ids: string[]) => {
    setChosen((c) => (single ? ids.slice(-1) : [...new Set([...c, ...ids])]));
    setTab("library");
  }, [single]);
  const uploads = useUploads(workspaceId, library.data?.maxBytes, uploaded);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : single ? [id] : [...c, id]));
  return (
    <Modal opened onClose={onClose} size="xl" title={t(single ? "assets.pickOne" : "assets.pickMany")} fullScreen={fullScreen}>
      <Stack>
        <SegmentedControl value={tab} onChange={(v) => setTab(v as "library" | "upload")} data={[{ value: "library", label: t("assets.fromLibrary") }, { value: "upload", label: t("assets.uploadNew") }]} />
        {tab === "upload" ? (
          <UploadZone onFiles={(files) => void uploads.start(single ? files.slice(0, 1) : files)} items={uploads.items} />
        ) : (
          <>
            <TextInput placeholder={t("assets.searchHint")} aria-label={t("assets.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
            <ScrollArea.Autosize mah="55vh">
              {library.data?.assets.length === 0 ? <Text c="dimmed">{t("assets.empty")}</Text> : <AssetGrid workspaceId={workspaceId} assets={library.data?.assets ?? []} selected={chosen} onToggle={toggle} />}
            </ScrollArea.Autosize>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => onPick(chosen)} disabled={single && chosen.length === 0}>
            {t("assets.usePicked", { count: chosen.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
