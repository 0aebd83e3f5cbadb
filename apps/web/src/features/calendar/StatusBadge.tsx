import { Badge } from "@mantine/core";
import type { PostStatus } from "@socialplan/schema";
import { useTranslation } from "react-i18next";

export const STATUS_COLORS: Record<PostStatus, string> = {
  idea: "gray",
  draft: "gray",
  in_review: "yellow",
  approved: "lime",
  scheduled: "blue",
  publishing: "cyan",
  published: "teal",
  failed: "red",
  needs_attention: "orange",
};

/** Solid chip backgrounds with enough contrast for white text (Mantine's 7th–9th shades). */
export const STATUS_FILL: Record<PostStatus, string> = {
  idea: "#495057",
  draft: "#495057",
  in_review: "#8f6a00",
  approved: "#4b7a0e",
  scheduled: "#1864ab",
  publishing: "#0b7285",
  published: "#087f5b",
  failed: "#c92a2a",
  needs_attention: "#c2410c",
};

// One small stroke icon per status (24×24 paths), so the status reads without its colour.
const PATHS: Record<PostStatus, string> = {
  idea: "M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.8.8 1 1.5 1 2.5h6c0-1 .2-1.7 1-2.5A6 6 0 0 0 12 3z",
  draft: "M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4",
  in_review: "M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z",
  approved: "M5 12l5 5L20 7",
  scheduled: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2",
  publishing: "M12 19V5M5 12l7-7 7 7",
  published: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8 12l3 3 5-6",
  failed: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 9l6 6M15 9l-6 6",
  needs_attention: "M12 3L2 20h20L12 3zM12 10v4M12 17v.5",
};

/** The status's icon; with `label` it is named for screen readers, otherwise it is decoration beside a text. */
export function StatusIcon({ status, size = 14, label }: { status: PostStatus; size?: number; label?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round" strokeLinejoin="round" role={label ? "img" : undefined} aria-label={label} aria-hidden={label ? undefined : true} style={{ flex: "none" }} data-status={status}>
      {label && <title>{label}</title>}
      <path d={PATHS[status]} />
    </svg>
  );
}

export function StatusBadge({ status }: { status: PostStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="post-status" leftSection={<StatusIcon status={status} size={12} />}>
      {t(`posts.status_${status}`)}
    </Badge>
  );
}
