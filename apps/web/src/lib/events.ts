import { useEffect } from "react";

interface Entry {
  source: EventSource;
  users: number;
  /** Listeners of every type, told when the stream may have missed events. */
  everyone: Array<() => void>;
}

const sources = new Map<string, Entry>();

/**
 * Calls `onEvent` for each event of a type on the workspace's server-sent event stream. Every part of the page
 * that listens shares one connection per workspace, closed when the last listener goes; the browser reconnects.
 * Whenever events may have been missed — the stream came back (perhaps on another server), or the server says
 * "resync" — every listener is called too, so each screen re-reads.
 */
export function useWorkspaceEvents(workspaceId: string, type: string, onEvent: () => void): void {
  useEffect(() => {
    if (!workspaceId || typeof EventSource === "undefined") return;
    let entry = sources.get(workspaceId);
    if (!entry) {
      const created: Entry = { source: new EventSource(`/api/workspaces/${workspaceId}/events`), users: 0, everyone: [] };
      let opened = false;
      const catchUp = () => new Set(created.everyone).forEach((listener) => listener());
      created.source.addEventListener("open", () => {
        if (opened) catchUp();
        opened = true;
      });
      created.source.addEventListener("resync", catchUp);
      entry = created;
      sources.set(workspaceId, entry);
    }
    const current = entry;
    current.users += 1;
    current.source.addEventListener(type, onEvent);
    current.everyone.push(onEvent);
    return () => {
      current.source.removeEventListener(type, onEvent);
      current.everyone.splice(current.everyone.indexOf(onEvent), 1);
      current.users -= 1;
      if (current.users === 0) {
        current.source.close();
        sources.delete(workspaceId);
      }
    };
  }, [workspaceId, type, onEvent]);
}
