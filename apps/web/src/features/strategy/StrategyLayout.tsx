import { Center, Loader } from "@mantine/core";
import { periodDates } from "@socialplan/schema";
import { Outlet } from "react-router";
import { usePeople } from "../people/people.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { StrategyContext } from "./context.ts";
import { useStrategy, useStrategyApi } from "./strategy.ts";

/** Loads the workspace, its strategy and its people once for every strategy screen. */
export function StrategyLayout() {
  const current = useCurrentWorkspace();
  const strategy = useStrategy(current.workspaceId);
  const people = usePeople(current.workspaceId);
  const api = useStrategyApi(current.workspaceId);
  if (!current.data || !strategy.data || !people.data) {
    return (
      <Center h={240}>
        <Loader />
      </Center>
    );
  }
  const w = current.data;
  return (
    <StrategyContext.Provider
      value={{
        workspace: w,
        entries: strategy.data,
        members: people.data.members,
        uncoveredHats: people.data.uncoveredHats,
        api,
        period: periodDates({ start: w.periodStart, months: w.periodMonths }),
        canEdit: current.can("editor"),
      }}
    >
      <Outlet />
    </StrategyContext.Provider>
  );
}
