import type { Role, Workspace } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { get } from "../../api/client.ts";
import { roleAtLeast } from "./roles.ts";

export const workspaceKey = (id: string) => ["workspace", id] as const;

/** The workspace of the current route, with the caller's role in it. */
export function useCurrentWorkspace() {
  const { workspaceId = "" } = useParams();
  const query = useQuery({ queryKey: workspaceKey(workspaceId), queryFn: () => get<Workspace>(`/workspaces/${workspaceId}`), enabled: !!workspaceId });
  const can = (role: Role) => !!query.data && roleAtLeast(query.data.role, role);
  return { workspaceId, ...query, can };
}
