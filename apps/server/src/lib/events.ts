import { EventEmitter } from "node:events";

/**
 * Changes by workspace, for the screens that show work in progress as it happens (server-sent events).
 * In-process: with one server process (the supported set-up) every member's stream gets every change.
 */
export class WorkspaceEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(workspaceId: string, event: { type: string; [key: string]: unknown }): void {
    this.emitter.emit(workspaceId, event);
  }

  subscribe(workspaceId: string, listener: (event: { type: string }) => void): () => void {
    this.emitter.on(workspaceId, listener);
    return () => this.emitter.off(workspaceId, listener);
  }
}
