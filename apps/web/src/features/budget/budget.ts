import { BUDGET_CATEGORIES, periodMonths, type BudgetCategory, type MonthFigures, type SheetFigures } from "@socialplan/domain";
import type { Budget, BudgetCell, BudgetImportResult, CreateBudgetLine, UpdateBudgetLine } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, del, get, post, put } from "../../api/client.ts";

export const budgetKey = (workspaceId: string) => ["budget", workspaceId] as const;

export const useBudget = (workspaceId: string) =>
  useQuery({ queryKey: budgetKey(workspaceId), queryFn: () => get<Budget>(`/workspaces/${workspaceId}/budget`), refetchInterval: 15_000 });

/** Every change answers with the whole sheet, which replaces the cached one. */
export function useBudgetApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/budget`;
  const store = (b: Budget) => {
    client.setQueryData(budgetKey(workspaceId), b);
    return b;
  };
  return {
    addLine: async (line: CreateBudgetLine) => store(await post<Budget>(`${base}/lines`, line)),
    changeLine: async (id: string, patch: UpdateBudgetLine) => store(await api<Budget>("PATCH", `${base}/lines/${id}`, patch)),
    removeLine: async (id: string) => store(await api<Budget>("DELETE", `${base}/lines/${id}`)),
    setCells: async (cells: BudgetCell[]) => store(await put<Budget>(`${base}/cells`, { cells })),
    loadSample: async (locale: string) => {
      await post(`${base}/sample`, { locale });
      await client.invalidateQueries({ queryKey: budgetKey(workspaceId) });
    },
    clearSample: async () => {
      await del(`${base}/sample`);
      await client.invalidateQueries({ queryKey: budgetKey(workspaceId) });
    },
    importCsv: async (csv: string, field: "planned" | "actual", apply: boolean) => {
      const result = await post<BudgetImportResult>(`${base}/import`, { csv, field, apply });
      if (result.applied) await client.invalidateQueries({ queryKey: budgetKey(workspaceId) });
      return result;
    },
  };
}

/**
 * The server's figures (the domain's sheetFigures, as the exports and API clients get them) in the sheet's order:
 * months as columns, lines as rows. The browser does not compute them again.
 */
export function figuresOf(budget: Budget): { months: string[]; sheet: SheetFigures } {
  const months = periodMonths(budget.period);
  const f = budget.figures;
  const series = (s: { months: Record<string, MonthFigures>; total: MonthFigures }) => ({ months: months.map((m) => s.months[m]!), total: s.total });
  const lines = budget.lines.map((l) => ({ ...series(f.lines[l.id]!), carryOut: f.lines[l.id]!.carryOut }));
  const categories = Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, series(f.categories[c])])) as Record<BudgetCategory, ReturnType<typeof series>>;
  return { months, sheet: { lines, months: months.map((m) => f.months[m]!), categories, total: f.total } };
}
