import { Box, NativeSelect, NavLink, Stack } from "@mantine/core";
import { PAGE_TITLES, STRATEGY_PAGES } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { pagePath } from "../features/strategy/paths.ts";

/**
 * The strategy's own navigation, inside the strategy screens (the main navigation has one "Strategy" entry): its
 * sections in the guide's order, the guide map and the printable strategy. A list beside the page on a wide screen,
 * a select above it on a narrow one.
 */
export function StrategyNav({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const lang = i18n.language === "ko" ? "ko" : "en";
  const items = [
    ...STRATEGY_PAGES.map((page) => ({ to: pagePath(workspaceId, page), label: `${PAGE_TITLES[page].guide}. ${PAGE_TITLES[page][lang]}` })),
    { to: `/w/${workspaceId}/strategy/guide`, label: t("nav.guideMap") },
    { to: `/w/${workspaceId}/strategy/print`, label: t("nav.print") },
  ];
  const current = items.find((item) => item.to === location.pathname)?.to ?? "";
  return (
    <>
      <Box hiddenFrom="md" mb="md">
        <NativeSelect
          label={t("nav.strategySection")}
          value={current}
          data={[...(current ? [] : [{ value: "", label: "—", disabled: true }]), ...items.map((item) => ({ value: item.to, label: item.label }))]}
          onChange={(event) => void navigate(event.currentTarget.value)}
          data-testid="strategy-nav-select"
        />
      </Box>
      <Box
        component="nav"
        visibleFrom="md"
        aria-label={t("nav.strategySections")}
        w={220}
        style={{ flex: "none", position: "sticky", top: "calc(var(--app-shell-header-height, 60px) + var(--mantine-spacing-md))", alignSelf: "flex-start" }}
        data-testid="nav-strategy"
      >
        <Stack gap={0}>
          {items.map((item, i) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={item.to === location.pathname}
              py={4}
              styles={{ label: { fontSize: "var(--mantine-font-size-sm)" } }}
              mt={i === STRATEGY_PAGES.length ? "xs" : 0}
            />
          ))}
        </Stack>
      </Box>
    </>
  );
}
