import { EventEmitter } from "node:events";

/** A change in a workspace that open screens should show (server-sent events): small, re-read by id if needed. */
export interface WorkspaceEvent {
  type: string;
  [key: string]: unknown;
}

/**
 * Changes by workspace, for the screens that show work in progress as it happens. Every process that serves
 * members gets every change of the workspaces they watch, whichever process made it.
 */
export interface EventBus {
  publish(workspaceId: string, event: WorkspaceEvent): void;
  subscribe(workspaceId: string, listener: (event: WorkspaceEvent) => void): () => void;
  close(): Promise<void>;
  /** Resolves once events from other processes reach this one (a bus across processes may connect first). */
  ready?(): Promise<void>;
}

/** The embedded database's bus: one server process, so an in-process emitter reaches every stream. */
export class InProcessEvents implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(workspaceId: string, event: WorkspaceEvent): void {
    this.emitter.emit(workspaceId, event);
  }

  subscribe(workspaceId: string, listener: (event: WorkspaceEvent) => void): () => void {
    this.emitter.on(workspaceId, listener);
    return () => this.emitter.off(workspaceId, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
