import type { People } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { get } from "../../api/client.ts";

export const peopleKey = (workspaceId: string) => ["people", workspaceId] as const;

/** The workspace's members with their hats, and the hats nobody wears. */
export const usePeople = (workspaceId: string) =>
  useQuery({ queryKey: peopleKey(workspaceId), queryFn: () => get<People>(`/workspaces/${workspaceId}/members`) });
