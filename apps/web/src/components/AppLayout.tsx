import { Alert, AppShell, Badge, Box, Burger, Button, Group, Menu, NativeSelect, NavLink, Text, ThemeIcon, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useMatch, useNavigate } from "react-router";
import { ApiError, post } from "../api/client.ts";
import { useMe, useResetSession, useWorkspaces } from "../features/auth/session.ts";
import { useHome } from "../features/home/home.ts";
import { Icon, type IconName } from "../features/home/icons.tsx";
import { useCurrentWorkspace } from "../features/workspaces/workspace.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import { NotificationBell } from "./NotificationBell.tsx";

/** The frame of every logged-in screen: header with workspace switcher, language and account; navigation of what exists. */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe();
  const workspaces = useWorkspaces();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch("/w/:workspaceId/*");
  const workspaceId = useRememberedWorkspace(match?.params.workspaceId, workspaces.data?.map((w) => w.id));
  const current = useCurrentWorkspace();
  const resetSession = useResetSession();

  const logout = async () => {
    await post("/auth/logout");
    await resetSession();
    void navigate("/login");
  };

  const home = useHome(workspaceId);
  const reviews = home.data?.canApprove ? home.data.waiting.reviews.length : 0;
  const w = `/w/${workspaceId}`;
  // The daily places first and always in view; then the plan (the strategy's sections are one entry with their own
  // navigation inside); then the team and the account. Each group fits above the fold at 1366×768.
  const groups: NavItem[][] = workspaceId
    ? [
        [
          { to: w, label: t("nav.home"), icon: "home", exact: true },
          { to: `${w}/calendar`, label: t("nav.calendar"), icon: "calendar" },
          { to: `${w}/board`, label: t("nav.board"), icon: "board" },
          { to: `${w}/tracking`, label: t("nav.tracking"), icon: "chart" },
          { to: `${w}/budget`, label: t("nav.budget"), icon: "wallet" },
          { to: `${w}/review`, label: t("nav.review"), icon: "review", count: reviews, countLabel: t("nav.reviewCount", { count: reviews }) },
        ],
        [
          { to: `${w}/strategy`, label: t("nav.strategy"), icon: "compass" },
          { to: `${w}/roadmap`, label: t("nav.roadmap"), icon: "roadmap" },
          { to: `${w}/reports`, label: t("nav.reports"), icon: "report" },
          { to: `${w}/setup`, label: t("nav.setup"), icon: "checklist" },
          { to: `${w}/assets`, label: t("nav.assets"), icon: "photo" },
          { to: `${w}/tools`, label: t("nav.tools"), icon: "tool" },
          { to: `${w}/people`, label: t("nav.people"), icon: "users" },
        ],
        [
          { to: `${w}/members`, label: t("nav.members"), icon: "userPlus" },
          { to: `${w}/settings`, label: t("nav.settings"), icon: "settings" },
          { to: "/account", label: t("nav.account"), icon: "user", exact: true },
        ],
      ]
    : [[{ to: "/account", label: t("nav.account"), icon: "user", exact: true }]];
  const isActive = (item: NavItem) => (item.exact ? location.pathname === item.to : location.pathname === item.to || location.pathname.startsWith(`${item.to}/`));
  // The browser's own list: every signed-in screen shows this, and a native select costs the first screen nothing.
  const switcher = !!workspaces.data?.length && (
    <NativeSelect
      aria-label={t("nav.workspace")}
      w={{ base: "100%", xs: 220 }}
      size="sm"
      value={workspaceId ?? ""}
      data={[
        ...(workspaceId ? [] : [{ value: "", label: t("nav.chooseWorkspace"), disabled: true }]),
        ...workspaces.data.map((w) => ({ value: w.id, label: w.name })),
      ]}
      onChange={(event) => {
        const id = event.currentTarget.value;
        if (!id) return;
        close();
        void navigate(`/w/${id}`);
      }}
    />
  );
  const twoFactorBlocked = current.error instanceof ApiError && current.error.code === "workspace.two_factor_required";

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px={{ base: "sm", xs: "md" }} justify="space-between" wrap="nowrap" gap="xs">
          <Group wrap="nowrap" gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />
            <UnstyledButton component={Link} to="/">
              <Text fw={800} size="lg" c="teal.9">
                Socialplan
              </Text>
            </UnstyledButton>
            <Box visibleFrom="xs">{switcher}</Box>
          </Group>
          <Group wrap="nowrap" gap="sm">
            {workspaceId && <NotificationBell workspaceId={workspaceId} />}
            <LanguageSwitch loggedIn />
            <Menu position="bottom-end">
              <Menu.Target>
                {/* The person's initials, with the name beside them where there is room (never cut mid-word on a phone). */}
                <UnstyledButton aria-label={t("nav.accountMenu", { name: me.data?.name ?? "" })} title={me.data?.name} data-testid="account-menu" style={{ borderRadius: 999 }}>
                  <Group gap={8} wrap="nowrap">
                    <ThemeIcon size={34} radius="xl" variant="light" color="teal" aria-hidden>
                      <Text span size="sm" fw={700}>
                        {initials(me.data?.name ?? "")}
                      </Text>
                    </ThemeIcon>
                    <Text span size="sm" fw={500} visibleFrom="md" maw={160} truncate="end">
                      {me.data?.name}
                    </Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.data?.name}</Menu.Label>
                <Menu.Item component={Link} to="/account">
                  {t("nav.account")}
                </Menu.Item>
                <Menu.Item component={Link} to="/workspaces/new">
                  {t("nav.newWorkspace")}
                </Menu.Item>
                {me.data?.instanceAdmin && (
                  <Menu.Item component={Link} to="/instance" data-testid="instance-settings-link">
                    {t("nav.instanceSettings")}
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item color="red" onClick={() => void logout()}>
                  {t("nav.logout")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t("nav.main")}>
        {/* The browser's own thin scrollbar (Mantine's ScrollArea would add its code to every first screen). */}
        <AppShell.Section grow style={{ overflowY: "auto", scrollbarWidth: "thin" }}>
          <Box hiddenFrom="xs" mb="sm">
            {switcher}
          </Box>
          {groups.map((group, i) => (
            <Box key={i} role="group" aria-label={t((workspaceId && GROUP_LABELS[i]) || "nav.admin")} mt={i ? 6 : 0} pt={i ? 6 : 0} style={i ? { borderTop: "1px solid var(--mantine-color-gray-3)" } : undefined}>
              {group.map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={<Icon name={item.icon} />}
                  rightSection={item.count ? <Badge size="sm" circle={item.count < 10} color="yellow" variant="filled" autoContrast aria-label={item.countLabel} title={item.countLabel}>{item.count}</Badge> : undefined}
                  active={isActive(item)}
                  onClick={close}
                  py={6}
                />
              ))}
            </Box>
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {twoFactorBlocked ? (
          <Alert color="orange" title={t("twoFactor.requiredTitle")} maw={640}>
            <Text mb="sm">{current.error?.message}</Text>
            <Button component={Link} to="/account">
              {t("twoFactor.turnOnNow")}
            </Button>
          </Alert>
        ) : (
          <Outlet />
        )}
      </AppShell.Main>
    </AppShell>
  );
}

const GROUP_LABELS = ["nav.daily", "nav.plan", "nav.admin"];

/** A person's initials for the account button: the first letter of the first two words ("Mina Park" → "MP", "김민아" → "김"). */
export function initials(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => [...word][0] ?? "")
    .join("")
    .toUpperCase();
}

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  /** Only this address, not the addresses under it. */
  exact?: boolean;
  count?: number;
  countLabel?: string;
}

const LAST_WORKSPACE = "socialplan.workspace";

/** The workspace in the address, or on pages outside any workspace (My account) the last one visited. */
function useRememberedWorkspace(fromRoute: string | undefined, known: string[] | undefined): string | undefined {
  if (fromRoute) {
    localStorage.setItem(LAST_WORKSPACE, fromRoute);
    return fromRoute;
  }
  const last = localStorage.getItem(LAST_WORKSPACE) ?? undefined;
  return last && known?.includes(last) ? last : known?.[0];
}
