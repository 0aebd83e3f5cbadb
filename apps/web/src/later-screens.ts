import { type ComponentType, useSyncExternalStore } from "react";

/**
 * What every screen after the first needs, loaded once with the first of them: the whole Mantine stylesheet, the
 * network names shared with the server, and the hosts of confirmation modals and notifications. The first screens
 * (sign-in and the overview) need none of it.
 */
let loading: Promise<void> | undefined;
let extras: ComponentType | null = null;
const listeners = new Set<() => void>();

export function loadLaterScreens(): Promise<void> {
  loading ??= import("./later-screens-setup.tsx").then(async (setup) => {
    await setup.ready;
    extras = setup.SignedInExtras;
    for (const listener of listeners) listener();
  });
  return loading;
}

/** The modal and notification hosts once a later screen has loaded them, else null. */
export function useSignedInExtras(): ComponentType | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => extras,
  );
}
