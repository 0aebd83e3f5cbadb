import { Anchor, Button, Card, Collapse, Group, Text } from "@mantine/core";
import { Draggable } from "@fullcalendar/interaction";
import { assetThumbnailUrl, type Asset } from "@socialplan/schema";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLibrary } from "../assets/assets.ts";
import classes from "./calendar.module.css";

/**
 * The workspace's images beside the calendar: drag one onto a day to start a post with it on that day
 * (FullCalendar's external dragging), or press it to start a post with it without a date.
 */
export function AssetShelf({ workspaceId, onStart }: { workspaceId: string; onStart: (asset: Asset) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const library = useLibrary(workspaceId, { kind: "image" });
  const assets = library.data?.assets ?? [];
  // Made draggable when the list appears (the collapse mounts it after opening); `create: false`: the drop starts
  // a post (the calendar's `drop` callback), it adds no event by itself.
  const draggable = useRef<Draggable | null>(null);
  const attach = useCallback((el: HTMLDivElement | null) => {
    draggable.current?.destroy();
    draggable.current = el ? new Draggable(el, { itemSelector: "[data-asset-id]", eventData: (item) => ({ title: item.getAttribute("data-asset-name") ?? "", create: false, duration: "00:30" }) }) : null;
  }, []);
  return (
    <Card withBorder padding="sm" data-testid="asset-shelf">
      <Group justify="space-between" gap="xs">
        <div>
          <Text fw={600} size="sm">
            {t("calendar.shelf.title")}
          </Text>
          {open && (
            <Text size="xs" c="dimmed">
              {t("calendar.shelf.hint")}
            </Text>
          )}
        </div>
        <Button size="compact-sm" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? t("calendar.shelf.hide") : t("calendar.shelf.show", { count: assets.length })}
        </Button>
      </Group>
      <Collapse expanded={open}>
        {assets.length === 0 ? (
          <Text size="sm" c="dimmed" mt="xs">
            {t("calendar.shelf.empty")}{" "}
            <Anchor component={Link} to={`/w/${workspaceId}/assets`}>
              {t("calendar.shelf.library")}
            </Anchor>
          </Text>
        ) : (
          <div ref={attach} className={classes.shelf} style={{ marginTop: 8 }}>
            {assets.map((a) => (
              <button
                key={a.id}
                type="button"
                className={classes.shelfItem}
                data-asset-id={a.id}
                data-asset-name={a.name}
                data-asset-alt={a.altText}
                aria-label={t("calendar.shelf.start", { name: a.name })}
                title={t("calendar.shelf.start", { name: a.name })}
                onClick={() => onStart(a)}
              >
                <img src={assetThumbnailUrl(workspaceId, a.id)} alt="" draggable={false} />
                <span className={classes.shelfName}>{a.name}</span>
              </button>
            ))}
          </div>
        )}
      </Collapse>
    </Card>
  );
}
