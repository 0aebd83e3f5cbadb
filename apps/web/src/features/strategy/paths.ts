import type { PageKey } from "@socialplan/schema";

/** Where each page of the strategy lives in the app (people are managed with the members). */
export function pagePath(workspaceId: string, page: PageKey): string {
  if (page === "people") return `/w/${workspaceId}/people`;
  if (page === "outline") return `/w/${workspaceId}/strategy`;
  if (page === "budget" || page === "tools") return `/w/${workspaceId}/${page}`;
  if (page === "execution") return `/w/${workspaceId}/board`;
  return `/w/${workspaceId}/strategy/${page}`;
}
