import { StrategyNav } from "./StrategyNav.tsx";
import { Alert, AppShell, Box, Burger, Button, Group, Menu, NativeSelect, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useMatch, useNavigate } from "react-router";
import { ApiError, post } from "../api/client.ts";
import { useMe, useResetSession, useWorkspaces } from "../features/auth/session.ts";
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

  const nav = workspaceId
    ? [
        { to: `/w/${workspaceId}`, label: t("nav.overview") },
      ]
    : [];
  const admin = workspaceId
    ? [
        { to: `/w/${workspaceId}/members`, label: t("nav.members") },
        { to: `/w/${workspaceId}/settings`, label: t("nav.settings") },
      ]
    : [];
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
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />
            <UnstyledButton component={Link} to="/">
              <Text fw={800} size="lg" c="teal.8">
                Socialplan
              </Text>
            </UnstyledButton>
            <Box visibleFrom="xs">{switcher}</Box>
          </Group>
          <Group wrap="nowrap">
            {workspaceId && <NotificationBell workspaceId={workspaceId} />}
            <LanguageSwitch loggedIn />
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="subtle" size="sm">
                  {me.data?.name}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/account">
                  {t("nav.account")}
                </Menu.Item>
                <Menu.Item component={Link} to="/workspaces/new">
                  {t("nav.newWorkspace")}
                </Menu.Item>
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
          {nav.map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={location.pathname === item.to} onClick={close} />
          ))}
          {workspaceId && <StrategyNav workspaceId={workspaceId} onNavigate={close} />}
        {workspaceId && (
          <>
            <NavLink component={Link} to={`/w/${workspaceId}/roadmap`} label={t("nav.roadmap")} active={location.pathname === `/w/${workspaceId}/roadmap`} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/calendar`} label={t("nav.calendar")} active={location.pathname === `/w/${workspaceId}/calendar`} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/tracking`} label={t("nav.tracking")} active={location.pathname.startsWith(`/w/${workspaceId}/tracking`)} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/reports`} label={t("nav.reports")} active={location.pathname.startsWith(`/w/${workspaceId}/reports`)} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/board`} label={t("nav.board")} active={location.pathname === `/w/${workspaceId}/board`} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/setup`} label={t("nav.setup")} active={location.pathname === `/w/${workspaceId}/setup`} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/assets`} label={t("nav.assets")} active={location.pathname === `/w/${workspaceId}/assets`} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/budget`} label={t("nav.budget")} active={location.pathname === `/w/${workspaceId}/budget`} onClick={close} />
            <NavLink component={Link} to={`/w/${workspaceId}/tools`} label={t("nav.tools")} active={location.pathname === `/w/${workspaceId}/tools`} onClick={close} />
          </>
        )}
          {admin.map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={location.pathname === item.to} onClick={close} />
          ))}
          <NavLink component={Link} to="/account" label={t("nav.account")} active={location.pathname === "/account"} onClick={close} mt={nav.length ? "md" : 0} />
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
