import { Button, Group, List, Paper, Table, Text, Title } from "@mantine/core";
import { STRATEGY_PAGES, strategyDocument, type Block, type PageKey } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { cellLabel, stackedTable } from "../../components/StackedTable.tsx";
import { useStrategyContext } from "./context.ts";
import { useLang } from "./fields.tsx";

function BlockView({ b }: { b: Block }) {
  switch (b.type) {
    case "title":
      return <Title order={1}>{b.text}</Title>;
    case "heading":
      return (
        <Title order={b.level === 1 ? 1 : b.level === 2 ? 2 : 3} size={b.level === 2 ? "h3" : "h5"} mt={b.level === 2 ? "xl" : "md"} c={b.level === 2 ? "teal.9" : undefined}>
          {b.text}
        </Title>
      );
    case "paragraph":
      return (
        <Text size="sm" c={b.muted ? "dimmed" : undefined} fs={b.muted ? "italic" : undefined}>
          {b.text}
        </Text>
      );
    case "answer":
      return (
        <div style={{ breakInside: "avoid", marginTop: 8 }}>
          <Text size="sm" fw={700}>
            {b.question}
          </Text>
          {Array.isArray(b.answer) ? (
            <List size="sm">
              {b.answer.map((a, i) => (
                <List.Item key={i}>{a}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {b.answer}
            </Text>
          )}
        </div>
      );
    case "table":
      return (
        <Table withTableBorder withColumnBorders my="xs" verticalSpacing={2} fz="sm" className={stackedTable.table}>
          <Table.Thead>
            <Table.Tr>
              {b.columns.map((c) => (
                <Table.Th key={c}>{c}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {b.rows.map((r, i) => (
              <Table.Tr key={i}>
                {r.map((cell, j) => (
                  <Table.Td key={j} {...cellLabel(b.columns[j] ?? "")}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      );
  }
}

/** The strategy as one printable document (the same content as the PDF), in the reader's language. */
export function PrintPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params] = useSearchParams();
  const { workspace, entries, members } = useStrategyContext();
  const chosen = params.get("pages")?.split(",").filter((p): p is PageKey => (STRATEGY_PAGES as readonly string[]).includes(p));
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: workspace.timezone }).format(new Date());
  const blocks = strategyDocument({ locale: lang, workspaceName: workspace.name, currency: workspace.currency, entries, members, pages: chosen?.length ? chosen : STRATEGY_PAGES, today });
  return (
    <>
      <style>{`@media print { header, nav, .no-print { display: none !important; } main { padding: 0 !important; } .print-sheet { box-shadow: none !important; border: 0 !important; } }`}</style>
      <Group className="no-print" mb="md">
        <Button onClick={() => window.print()}>{t("strategy.export.printNow")}</Button>
        <Button component={Link} to={`/w/${workspace.id}/strategy`} variant="subtle">
          {t("strategy.export.back")}
        </Button>
      </Group>
      <Paper className="print-sheet" withBorder shadow="sm" p="xl" maw={860} data-testid="print-view">
        {blocks.map((b, i) => (
          <BlockView key={i} b={b} />
        ))}
      </Paper>
    </>
  );
}
