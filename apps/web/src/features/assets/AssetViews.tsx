import "@mantine/dropzone/styles.css";
import { Badge, Box, Card, Checkbox, Group, Image, Loader, Progress, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { assetFileUrl, assetThumbnailUrl, type Asset } from "@socialplan/schema";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatBytes, type UploadItem } from "./assets.ts";

/** A short label for a file's type: JPEG, MP4, PDF, DOCX, … */
export function typeLabel(contentType: string): string {
  const known: Record<string, string> = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "text/plain": "TXT",
    "video/quicktime": "MOV",
    "video/x-m4v": "M4V",
  };
  return known[contentType] ?? (contentType.split("/")[1] ?? contentType).toUpperCase();
}

/** The small picture of an asset: its thumbnail, or its type for video and documents. */
export function AssetThumb({ workspaceId, asset, height = 120 }: { workspaceId: string; asset: Asset; height?: number }) {
  if (asset.hasThumbnail) return <Image src={assetThumbnailUrl(workspaceId, asset.id)} alt={asset.altText || asset.name} h={height} fit="cover" radius="sm" loading="lazy" />;
  return (
    <Box h={height} bg={asset.kind === "video" ? "dark.5" : "gray.1"} style={{ display: "grid", placeItems: "center", borderRadius: 4 }}>
      <Badge size="lg" variant={asset.kind === "video" ? "white" : "light"} color={asset.kind === "video" ? "dark" : "blue"}>
        {asset.kind === "video" ? "▶ " : ""}
        {typeLabel(asset.contentType)}
      </Badge>
    </Box>
  );
}

/** The library as a grid of tiles; with `selected`, tiles get check boxes (the picker). */
export function AssetGrid({ workspaceId, assets, onOpen, selected, onToggle }: { workspaceId: string; assets: Asset[]; onOpen?: (a: Asset) => void; selected?: string[]; onToggle?: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, xs: 3, md: 4, lg: 5 }} spacing="sm">
      {assets.map((a) => {
        const picked = selected?.includes(a.id) ?? false;
        const act = () => (onToggle ? onToggle(a.id) : onOpen?.(a));
        return (
          <Card key={a.id} withBorder padding={6} radius="md" style={picked ? { outline: "2px solid var(--mantine-color-blue-6)" } : undefined} data-testid="asset-tile">
            <UnstyledButton onClick={act} aria-label={onToggle ? t(picked ? "assets.unpick" : "assets.pick", { name: a.name }) : t("assets.open", { name: a.name })} aria-pressed={onToggle ? picked : undefined}>
              <AssetThumb workspaceId={workspaceId} asset={a} />
            </UnstyledButton>
            <Group gap={4} mt={6} wrap="nowrap" justify="space-between">
              <Text size="xs" fw={600} truncate title={a.name}>
                {a.name}
              </Text>
              {onToggle && <Checkbox size="xs" checked={picked} onChange={() => onToggle(a.id)} aria-label={a.name} />}
            </Group>
            <Group gap={4} justify="space-between">
              <Text size="xs" c="dimmed">
                {formatBytes(a.size, i18n.language)}
              </Text>
              {a.usedIn > 0 && (
                <Text size="xs" c="teal">
                  {t("assets.usedIn", { count: a.usedIn })}
                </Text>
              )}
            </Group>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

/** Drop files here (or click to choose), several at once; each upload then shows its own progress bar. */
export function UploadZone({ onFiles, items, disabled }: { onFiles: (files: File[]) => void; items: UploadItem[]; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Dropzone onDrop={onFiles} multiple disabled={disabled} p="md" data-testid="asset-dropzone" aria-label={t("assets.dropTitle")} inputProps={{ "aria-label": t("assets.dropTitle") }}>
        <Stack gap={2} align="center" style={{ pointerEvents: "none" }}>
          <Text fw={600}>{t("assets.dropTitle")}</Text>
          <Text size="sm" c="dimmed" ta="center">
            {t("assets.dropHint")}
          </Text>
        </Stack>
      </Dropzone>
      {items.map((item) => (
        <Box key={item.key} data-testid="upload-item">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate>
              {item.name}
            </Text>
            <Text size="xs" c={item.status === "failed" ? "red" : item.status === "sending" ? "dimmed" : "teal"}>
              {item.status === "sending" ? `${Math.round(item.progress * 100)}%` : t(`assets.status.${item.status}`)}
            </Text>
          </Group>
          <Progress value={item.progress * 100} color={item.status === "failed" ? "red" : item.status === "sending" ? "blue" : "teal"} size="sm" aria-label={item.name} />
          {item.error && (
            <Text size="xs" c="red" role="alert">
              {item.error}
            </Text>
          )}
        </Box>
      ))}
    </Stack>
  );
}

/** The first page of a PDF, drawn by pdf.js (loaded only when a PDF is opened). */
function PdfPreview({ url, label }: { url: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [pages, setPages] = useState(0);
  const { t } = useTranslation();
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const pdfjs = await import("pdfjs-dist");
        const worker = await import("pdfjs-dist/build/pdf.worker.min.mjs?url");
        pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
        const doc = await pdfjs.getDocument({ url, withCredentials: true }).promise;
        const page = await doc.getPage(1);
        const viewport = page.getViewport({ scale: 1 });
        const scale = 420 / viewport.width;
        const scaled = page.getViewport({ scale });
        const target = canvas.current;
        if (cancelled || !target) return;
        target.width = scaled.width;
        target.height = scaled.height;
        await page.render({ canvasContext: target.getContext("2d")!, viewport: scaled }).promise;
        if (!cancelled) {
          setPages(doc.numPages);
          setState("ready");
        }
      } catch {
        if (!cancelled) setState("failed");
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [url]);
  return (
    <Stack gap={4} align="center">
      {state === "loading" && <Loader size="sm" />}
      {state === "failed" && <Text c="dimmed">{t("assets.noPreview")}</Text>}
      <canvas ref={canvas} aria-label={label} style={{ maxWidth: "100%", border: "1px solid var(--mantine-color-gray-3)", display: state === "ready" ? "block" : "none" }} data-testid="pdf-preview" />
      {state === "ready" && (
        <Text size="xs" c="dimmed">
          {t("assets.pages", { count: pages })}
        </Text>
      )}
    </Stack>
  );
}

/** The asset itself: the image, the video (with seeking), the first page of a PDF, or its type. */
export function AssetPreview({ workspaceId, asset }: { workspaceId: string; asset: Asset }) {
  const url = assetFileUrl(workspaceId, asset.id);
  if (asset.kind === "image") return <Image src={url} alt={asset.altText || asset.name} mah={360} fit="contain" radius="sm" />;
  if (asset.kind === "video") return <video src={url} controls preload="metadata" style={{ width: "100%", maxHeight: 360, background: "black", borderRadius: 4 }} aria-label={asset.name} />;
  if (asset.contentType === "application/pdf") return <PdfPreview url={url} label={asset.name} />;
  return <AssetThumb workspaceId={workspaceId} asset={asset} height={160} />;
}
