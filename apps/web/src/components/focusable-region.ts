/**
 * Lets a keyboard reach a region that scrolls by itself but holds nothing focusable (a library's grid or chart):
 * it takes the focus (so arrow keys scroll it) and is announced by name.
 */
export function focusableRegion(el: Element | null | undefined, name: string): void {
  if (!(el instanceof HTMLElement)) return;
  el.tabIndex = 0;
  el.setAttribute("role", "region");
  el.setAttribute("aria-label", name);
}
