import { useEffect } from "react";
import { useSearchParams } from "react-router";

/** The record a link asks to open (`?open=<record id>`), for the lists that decide which records are expanded. */
export function useOpenFromUrl(): string | null {
  const [params] = useSearchParams();
  return params.get("open");
}

/**
 * Follows a link to a field (`?open=<record>&field=<question or field>`, see missing.ts): once the record is on
 * screen, scrolls to the field (an element marked `data-field` or `data-question`) and puts the cursor in it.
 */
export function useFocusFromUrl() {
  const [params] = useSearchParams();
  const open = params.get("open");
  const field = params.get("field");
  useEffect(() => {
    if (!open && !field) return;
    let timer = 0;
    let tries = 0;
    const attempt = () => {
      const scope = open ? document.querySelector(`[data-record="${CSS.escape(open)}"]`) : document.body;
      const target = scope && field ? scope.querySelector(`[data-field="${CSS.escape(field)}"], [data-question="${CSS.escape(field)}"]`) : scope;
      if (target instanceof HTMLElement && target.getClientRects().length > 0) {
        // Let an opening panel finish its animation before measuring where to scroll.
        timer = window.setTimeout(() => {
          target.scrollIntoView({ block: "center", behavior: "smooth" });
          const input = target.matches("input, textarea") ? target : target.querySelector<HTMLElement>("input:not([type=hidden]):not([disabled]), textarea:not([disabled])");
          if (field) input?.focus({ preventScroll: true });
        }, 250);
        return;
      }
      if (++tries < 80) timer = window.setTimeout(attempt, 50);
    };
    attempt();
    return () => window.clearTimeout(timer);
  }, [open, field]);
}
