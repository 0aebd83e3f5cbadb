import type { Page } from "playwright-core";

/** How far a page runs past the screen's right edge, and the elements that stick out (widest first). */
export interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  culprits: string[];
}

/**
 * Measures the page's width against the window's. The culprits are the outermost elements that end past the right
 * edge (their parent does not), outside any box that scrolls or clips sideways by itself, named by tag, test id or
 * class, with their width: what to fix so that the page does not scroll sideways.
 */
export async function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const clips = (el: Element) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    const name = (el: Element) => {
      const testId = el.getAttribute("data-testid");
      const classes = Array.from(el.classList).filter((c) => !c.startsWith("m_")).slice(0, 2);
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${testId ? `[data-testid=${testId}]` : ""}${classes.length ? `.${classes.join(".")}` : ""} (${Math.round(el.getBoundingClientRect().width)} px wide, ends at ${Math.round(el.getBoundingClientRect().right)} px${text ? `, “${text}”` : ""})`;
    };
    const found: { el: Element; right: number }[] = [];
    const walk = (el: Element) => {
      for (const child of Array.from(el.children)) {
        if (getComputedStyle(child).position === "fixed") continue;
        if (sticksOut(child)) {
          found.push({ el: child, right: child.getBoundingClientRect().right });
          continue;
        }
        if (!clips(child)) walk(child);
      }
    };
    walk(document.body);
    // Inside an outermost culprit, the deepest element that still sticks out says best what is too wide.
    const deepest = (el: Element): Element => {
      const inner = Array.from(el.children).filter((c) => sticksOut(c) && getComputedStyle(c).position !== "fixed");
      if (inner.length === 0 || clips(el)) return el;
      return deepest(inner.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0]!);
    };
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      culprits: found
        .sort((a, b) => b.right - a.right)
        .slice(0, 3)
        .map(({ el }) => {
          const inner = deepest(el);
          return inner === el ? name(el) : `${name(el)} → ${name(inner)}`;
        }),
    };
  });
}
