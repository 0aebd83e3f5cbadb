import { periodMonths, sheetFigures, type BudgetLineInput } from "@socialplan/domain";
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

/** The domain's view of the sheet: each line's inputs by month index, and all the figures. */
export function figuresOf(budget: Budget) {
  const months = periodMonths(budget.period);
  const inputs: BudgetLineInput[] = budget.lines.map((l) => ({
    category: l.category,
    planned: months.map((m) => l.planned[m]),
    actual: months.map((m) => l.actual[m]),
    trackActuals: l.trackActuals,
    rollover: l.rollover,
    stoppedFrom: l.stoppedFrom ? Math.max(0, months.indexOf(l.stoppedFrom)) : null,
  }));
  return { months, inputs, sheet: sheetFigures(inputs, months.length) };
}
