import { NavLink } from "@mantine/core";
import { PAGE_TITLES, STRATEGY_PAGES } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { pagePath } from "../features/strategy/paths.ts";

/** The strategy's pages in the guide's order, then the guide map. */
export function StrategyNav({ workspaceId, onNavigate }: { workspaceId: string; onNavigate: () => void }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const lang = i18n.language === "ko" ? "ko" : "en";
  return (
    <NavLink label={t("nav.strategy")} defaultOpened childrenOffset={12} data-testid="nav-strategy">
      {STRATEGY_PAGES.map((page) => {
        const to = pagePath(workspaceId, page);
        return <NavLink key={page} component={Link} to={to} label={`${PAGE_TITLES[page].guide}. ${PAGE_TITLES[page][lang]}`} active={location.pathname === to} onClick={onNavigate} />;
      })}
      <NavLink component={Link} to={`/w/${workspaceId}/strategy/guide`} label={t("nav.guideMap")} active={location.pathname.endsWith("/strategy/guide")} onClick={onNavigate} />
    </NavLink>
  );
}
