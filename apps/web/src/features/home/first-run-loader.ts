import { loadLaterScreens } from "../../later-screens.ts";

let loading: Promise<typeof import("./FirstRunDialog.tsx")> | undefined;

/**
 * The first-run forms' code with the whole stylesheet, as any later screen loads it: fetched when a step is opened,
 * or a moment earlier when the pointer or the focus reaches a step's button (never with the first screen itself).
 */
export function loadFirstRunDialog() {
  loading ??= Promise.all([loadLaterScreens(), import("./FirstRunDialog.tsx")]).then(([, module]) => module);
  return loading;
}
