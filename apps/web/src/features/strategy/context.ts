import type { Entry, Member, Workspace } from "@socialplan/schema";
import { createContext, useContext } from "react";
import type { StrategyApi } from "./strategy.ts";

export interface StrategyContextValue {
  workspace: Workspace;
  entries: Entry[];
  members: Member[];
  uncoveredHats: string[];
  api: StrategyApi;
  period: { first: string; last: string };
  canEdit: boolean;
}

export const StrategyContext = createContext<StrategyContextValue | null>(null);

export function useStrategyContext(): StrategyContextValue {
  const value = useContext(StrategyContext);
  if (!value) throw new Error("strategy screens render inside StrategyLayout");
  return value;
}
