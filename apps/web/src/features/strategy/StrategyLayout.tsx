import { Box, Center, Flex, Loader } from "@mantine/core";
import { periodDates } from "@socialplan/schema";
import { Outlet, useLocation } from "react-router";
import { StrategyNav } from "../../components/StrategyNav.tsx";
import { usePeople } from "../people/people.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { StrategyContext } from "./context.ts";
import { useStrategy, useStrategyApi } from "./strategy.ts";

/** Loads the workspace, its strategy and its people once for every strategy screen, beside the strategy's own navigation. */
export function StrategyLayout() {
  const current = useCurrentWorkspace();
  const strategy = useStrategy(current.workspaceId);
  const people = usePeople(current.workspaceId);
  const api = useStrategyApi(current.workspaceId);
  const printing = useLocation().pathname.endsWith("/strategy/print");
  const frame = (content: React.ReactNode) =>
    printing ? (
      content
    ) : (
      <Flex direction={{ base: "column", md: "row" }} gap={{ base: 0, md: "lg" }} align={{ base: "stretch", md: "flex-start" }}>
        <StrategyNav workspaceId={current.workspaceId} />
        <Box style={{ flex: 1, minWidth: 0 }}>{content}</Box>
      </Flex>
    );
  if (!current.data || !strategy.data || !people.data) {
    return frame(
      <Center h={240}>
        <Loader />
      </Center>,
    );
  }
  const w = current.data;
  return frame(
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
    </StrategyContext.Provider>,
  );
}
