import { Button, Group, Menu, Text, Title } from "@mantine/core";
import { writeCsv, type CsvCell } from "@socialplan/schema";
import { toPng } from "html-to-image";
import { useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../lib/notify.ts";

/** The numbers a chart shows, as its CSV download writes them: a header row and one row per point. */
export interface ChartTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

/** A file name from a title: letters and digits of any script kept, the rest one dash ("Instagram @onsae" → "instagram-onsae"). */
export const fileSlug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "chart";

function save(href: string, name: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.click();
}

/**
 * A chart with its title and a download menu: the picture as PNG (html-to-image, the title included, the menu left
 * out) and exactly the numbers drawn as CSV, written by the shared CSV writer (formula-looking text escaped as the
 * server's exports do; numbers as numbers, days and months in ISO so a spreadsheet reads them as dates).
 */
export function ChartFrame({ title, subtitle, file, table, children, testId, small = false }: {
  title: string;
  /** A small title, for a chart inside a card that has its own heading. */
  small?: boolean;
  subtitle?: ReactNode;
  /** File name without extension, e.g. "budget-2026-11". */
  file: string;
  table: ChartTable;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const frame = useRef<HTMLDivElement>(null);
  const png = async () => {
    if (!frame.current) return;
    try {
      const url = await toPng(frame.current, {
        backgroundColor: "#ffffff",
        pixelRatio: 2,
        filter: (node) => !(node instanceof HTMLElement && node.dataset.noExport !== undefined),
      });
      save(url, `${file}.png`);
    } catch (e) {
      notifyError(e);
    }
  };
  const csv = () => {
    const url = URL.createObjectURL(new Blob([writeCsv([table.columns, ...table.rows])], { type: "text/csv;charset=utf-8" }));
    save(url, `${file}.csv`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div ref={frame} data-testid={testId} data-chart={file}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs" mb="xs">
        <div style={{ minWidth: 0 }}>
          {small ? (
            <Text size="sm" fw={600}>
              {title}
            </Text>
          ) : (
            <Title order={3} size="h5">
              {title}
            </Title>
          )}
          {subtitle && (
            <Text size="xs" c="dimmed">
              {subtitle}
            </Text>
          )}
        </div>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-xs" variant="default" data-no-export aria-label={t("charts.downloadNamed", { title })} style={{ flexShrink: 0 }}>
              ↓ {t("charts.download")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => void png()} data-testid="chart-png">
              {t("charts.png")}
            </Menu.Item>
            <Menu.Item onClick={csv} data-testid="chart-csv">
              {t("charts.csv")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {children}
    </div>
  );
}
