import { ActionIcon, Anchor, Button, Card, Drawer, Group, Menu, SimpleGrid, Skeleton, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { modals } from "@mantine/modals";
import { ASSET_KINDS, assetFileUrl, type Asset, type AssetKind } from "@socialplan/schema";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState } from "../../components/Skeletons.tsx";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { formatBytes, useAsset, useAssetApi, useLibrary, useUploads } from "./assets.ts";
import { AssetGrid, AssetPreview, typeLabel, UploadZone } from "./AssetViews.tsx";

/** The shared asset library (§13 `exec.storage`): everything the team posts and works with, in one place. */
export function AssetsPage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const workspaceId = current.workspaceId;
  const canEdit = current.can("editor");
  const [q, setQ] = useState("");
  const [kind, setKind] = useState<AssetKind | "all">("all");
  const [tag, setTag] = useState<string | null>(null);
  const [collectionId, setCollectionId] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const library = useLibrary(workspaceId, { q, tag, kind: kind === "all" ? null : kind, collectionId });
  const uploads = useUploads(workspaceId, library.data?.maxBytes);
  const assetApi = useAssetApi(workspaceId);
  const collections = library.data?.collections ?? [];
  const assets = library.data?.assets ?? [];

  /** Asks for a collection's name (empty for a new one) and hands over what was typed. */
  const askName = (title: string, initial: string, confirm: string, save: (name: string) => Promise<unknown>) => {
    let name = initial;
    modals.openConfirmModal({
      title,
      children: <TextInput data-autofocus label={t("assets.collectionName")} defaultValue={initial} onChange={(e) => (name = e.currentTarget.value)} />,
      labels: { confirm, cancel: t("common.cancel") },
      onConfirm: () => void (name.trim() ? save(name.trim()).catch(notifyError) : undefined),
    });
  };
  const newCollection = () => askName(t("assets.newCollection"), "", t("assets.create"), assetApi.createCollection);
  const renameCollection = (id: string, old: string) => askName(t("assets.renameCollection"), old, t("common.save"), (name) => assetApi.renameCollection(id, name));

  return (
    <Stack gap="md">
      <PageHeader title={t("assets.title")} intro={t("assets.intro")} />
      {canEdit && <UploadZone onFiles={(files) => void uploads.start(files, collectionId)} items={uploads.items} />}
      {uploads.items.some((i) => i.status !== "sending") && (
        <Group justify="flex-end">
          <Button size="xs" variant="subtle" onClick={uploads.clear}>
            {t("assets.clearFinished")}
          </Button>
        </Group>
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput label={t("assets.search")} placeholder={t("assets.searchHint")} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={240} />
        <SegmentedControl
          aria-label={t("assets.kind")}
          value={kind}
          onChange={(v) => setKind(v as AssetKind | "all")}
          data={[{ value: "all", label: t("assets.kinds.all") }, ...ASSET_KINDS.map((k) => ({ value: k, label: t(`assets.kinds.${k}`) }))]}
        />
        <Select label={t("assets.tag")} placeholder={t("assets.anyTag")} data={library.data?.tags ?? []} value={tag} onChange={setTag} clearable searchable w={180} />
        <Group gap={4} align="flex-end">
          <Select
            label={t("assets.collection")}
            placeholder={t("assets.allCollections")}
            data={collections.map((c) => ({ value: c.id, label: `${c.name} (${c.count})` }))}
            value={collectionId}
            onChange={setCollectionId}
            clearable
            w={200}
          />
          {canEdit && (
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="light" size="lg" aria-label={t("assets.collections")}>
                  ⋯
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={newCollection}>{t("assets.newCollection")}</Menu.Item>
                {collectionId && (
                  <>
                    <Menu.Item onClick={() => renameCollection(collectionId, collections.find((c) => c.id === collectionId)?.name ?? "")}>{t("assets.renameCollection")}</Menu.Item>
                    <Menu.Item
                      color="red"
                      onClick={() => {
                        setCollectionId(null);
                        void assetApi.removeCollection(collectionId).catch(notifyError);
                      }}
                    >
                      {t("assets.deleteCollection")}
                    </Menu.Item>
                  </>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      {library.isPending ? (
        <SimpleGrid cols={{ base: 2, xs: 3, md: 4, lg: 5 }} spacing="sm" aria-busy="true">
          {Array.from({ length: 10 }, (_, i) => (
            <Card key={i} withBorder padding={6} radius="md">
              <Skeleton h={120} radius="sm" />
              <Skeleton h={10} w="70%" mt={8} />
            </Card>
          ))}
        </SimpleGrid>
      ) : assets.length === 0 && (q || tag || collectionId || kind !== "all") ? (
        <Group gap="sm">
          <Text c="dimmed">{t("assets.nothingFound")}</Text>
          <Button
            size="xs"
            variant="light"
            onClick={() => {
              setQ("");
              setTag(null);
              setCollectionId(null);
              setKind("all");
            }}
          >
            {t("assets.clearFilters")}
          </Button>
        </Group>
      ) : assets.length === 0 ? (
        <EmptyState title={t("assets.emptyTitle")} body={canEdit ? t("assets.empty") : t("assets.emptyReadOnly")} testId="assets-empty" />
      ) : (
        <AssetGrid workspaceId={workspaceId} assets={assets} onOpen={(a) => setOpen(a.id)} />
      )}
      {open && <AssetDrawer workspaceId={workspaceId} assetId={open} canEdit={canEdit} collections={collections} tags={library.data?.tags ?? []} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function AssetDrawer({ workspaceId, assetId, canEdit, collections, tags, onClose }: { workspaceId: string; assetId: string; canEdit: boolean; collections: { id: string; name: string }[]; tags: string[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const f = useFormat(current.data?.timezone);
  const detail = useAsset(workspaceId, assetId);
  const assetApi = useAssetApi(workspaceId);
  const a = detail.data;
  const [name, setName] = useState("");
  const [alt, setAlt] = useState("");
  useEffect(() => {
    if (a) {
      setName(a.name);
      setAlt(a.altText);
    }
  }, [a]);
  const save = (patch: Parameters<typeof assetApi.update>[1]) => void assetApi.update(assetId, patch).catch(notifyError);
  const remove = async (force: boolean) => {
    try {
      await assetApi.remove(assetId, force);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === "asset.in_use") {
        modals.openConfirmModal({
          title: t("assets.deleteUsedTitle"),
          children: <Text size="sm">{e.message}</Text>,
          labels: { confirm: t("assets.deleteAnyway"), cancel: t("common.cancel") },
          confirmProps: { color: "red" },
          onConfirm: () => void remove(true),
        });
      } else notifyError(e);
    }
  };
  const useLink = (u: { kind: string; id: string }) =>
    u.kind === "card" ? `/w/${workspaceId}/board?card=${u.id}` : u.kind === "post" ? `/w/${workspaceId}/calendar?post=${u.id}` : `/w/${workspaceId}/strategy/personas`;
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={a?.name ?? ""}>
      {a && (
        <Stack gap="sm">
          <AssetPreview workspaceId={workspaceId} asset={a as Asset} />
          <Text size="xs" c="dimmed">
            {[typeLabel(a.contentType), formatBytes(a.size, i18n.language), a.width ? `${a.width} × ${a.height}` : null, t("assets.addedBy", { name: a.createdBy ?? "—", date: f.dateTime(a.createdAt) })].filter(Boolean).join(" · ")}
          </Text>
          <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack gap="sm">
              <TextInput label={t("assets.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} onBlur={() => name.trim() && name !== a.name && save({ name: name.trim() })} />
              <Textarea
                label={t("assets.altText")}
                description={t("assets.altTextHelp")}
                value={alt}
                onChange={(e) => setAlt(e.currentTarget.value)}
                onBlur={() => alt !== a.altText && save({ altText: alt })}
                autosize
                minRows={2}
              />
              <TagsInput label={t("assets.tags")} data={tags} value={a.tags} onChange={(v) => save({ tags: v })} clearable />
              <Select label={t("assets.collection")} data={collections.map((c) => ({ value: c.id, label: c.name }))} value={a.collectionId} onChange={(v) => save({ collectionId: v })} clearable placeholder={t("assets.noCollection")} />
            </Stack>
          </fieldset>
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t("assets.usedWhere")}
            </Text>
            {a.uses.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("assets.notUsed")}
              </Text>
            )}
            {a.uses.map((u) => (
              <Anchor key={`${u.kind}-${u.id}`} component={Link} to={useLink(u)} size="sm" data-testid="asset-use">
                {t(`assets.useKinds.${u.kind}`)}: {u.title || "—"}
              </Anchor>
            ))}
          </Stack>
          <Group justify="space-between" mt="sm">
            <Button component="a" href={`${assetFileUrl(workspaceId, a.id)}?download=1`} variant="light">
              {t("assets.download")}
            </Button>
            {canEdit && (
              <Button color="red" variant="subtle" onClick={() => void remove(false)}>
                {t("assets.delete")}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}
