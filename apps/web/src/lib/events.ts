import { useEffect } from "react";

const sources = new Map<string, { source: EventSource; users: number }>();

/**
 * Calls `onEvent` for each event of a type on the workspace's server-sent event stream. Every part of the page
 * that listens shares one connection per workspace, closed when the last listener goes; the browser reconnects.
 */
export function useWorkspaceEvents(workspaceId: string, type: string, onEvent: () => void): void {
  useEffect(() => {
    if (!workspaceId || typeof EventSource === "undefined") return;
    let entry = sources.get(workspaceId);
    if (!entry) {
      entry = { source: new EventSource(`/api/workspaces/${workspaceId}/events`), users: 0 };
      sources.set(workspaceId, entry);
    }
    entry.users += 1;
    entry.source.addEventListener(type, onEvent);
    return () => {
      entry.source.removeEventListener(type, onEvent);
      entry.users -= 1;
      if (entry.users === 0) {
        entry.source.close();
        sources.delete(workspaceId);
      }
    };
  }, [workspaceId, type, onEvent]);
}
