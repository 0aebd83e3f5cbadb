import "./lib/zod-config.ts";
import "./first-screen-styles.ts";
import "./global.css";
import { createTheme, DEFAULT_THEME, MantineProvider, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { ApiError } from "./api/client.ts";
import { App } from "./App.tsx";
import { i18nReady } from "./i18n/index.ts";

/**
 * Text and filled colours readable by everyone (WCAG AA, 4.5:1): Mantine's default shade 6 is too light for white text
 * on a button or for coloured text (teal 6 on white is 2.5:1), so buttons, badges, links and coloured text use shade 9;
 * where even Mantine's shade 9 falls short on its own light background, a darker one takes its place (grey's shade 9,
 * nearly black, gives way to a mid grey that still reads at 6:1).
 */
const DARKER_SHADE_9: Record<string, string> = { gray: "#5c636a", teal: "#067452", orange: "#b8420b", yellow: "#8a5a00", green: "#2b7a3b", lime: "#457209" };
const readableColors = Object.fromEntries(
  Object.entries(DARKER_SHADE_9).map(([name, nine]): [string, MantineColorsTuple] => {
    const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = DEFAULT_THEME.colors[name]!;
    return [name, [c0, c1, c2, c3, c4, c5, c6, c7, c8, nine]];
  }),
);

// "Dimmed" text (explanations, dates) at 5:1 on white and on the light grey cards, instead of Mantine's 3.3:1.
const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: { "--mantine-color-dimmed": "#666e76" }, dark: {} });

const theme = createTheme({
  primaryColor: "teal",
  primaryShade: { light: 9, dark: 8 },
  colors: readableColors,
  // Light filled colours (yellow) get dark text.
  autoContrast: true,
  fontFamily: "Inter, 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', system-ui, sans-serif",
  defaultRadius: "md",
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

/**
 * The theme in the language shown: the "×" that closes a dialog, a drawer or a message is an icon, so it is named for
 * screen readers ("Close" / "닫기"). Plain objects, so the first screen does not load those components' code.
 */
function Themed({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const close = t("common.close");
  const themed = useMemo(() => {
    const named = { defaultProps: { closeButtonProps: { "aria-label": close } } };
    return { ...theme, components: { Modal: named, Drawer: named, Notification: named } };
  }, [close]);
  return (
    <MantineProvider theme={themed} cssVariablesResolver={cssVariablesResolver}>
      {children}
    </MantineProvider>
  );
}

// The first language's messages come first, so no screen shows untranslated keys.
await i18nReady;
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Themed>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </Themed>
  </StrictMode>,
);
