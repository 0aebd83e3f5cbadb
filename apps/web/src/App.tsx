import { Center, Loader } from "@mantine/core";
import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { AppLayout } from "./components/AppLayout.tsx";
import { AccountPage } from "./features/account/AccountPage.tsx";
import { ForgotPasswordPage, ResetPasswordPage } from "./features/auth/PasswordResetPages.tsx";
import { LoginPage } from "./features/auth/LoginPage.tsx";
import { SignupPage } from "./features/auth/SignupPage.tsx";
import { useMe, useWorkspaces } from "./features/auth/session.ts";
import { AcceptInvitePage } from "./features/invitations/AcceptInvitePage.tsx";
import { MembersPage } from "./features/members/MembersPage.tsx";
import { PeoplePage } from "./features/people/PeoplePage.tsx";
import { CreateWorkspacePage } from "./features/workspaces/CreateWorkspacePage.tsx";
import { OverviewPage } from "./features/workspaces/OverviewPage.tsx";
import { SettingsPage } from "./features/workspaces/SettingsPage.tsx";

const Loading = () => (
  <Center h="100vh">
    <Loader />
  </Center>
);

function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

function Home() {
  const workspaces = useWorkspaces();
  if (workspaces.isPending) return <Loading />;
  const first = workspaces.data?.[0];
  return <Navigate to={first ? `/w/${first.id}` : "/workspaces/new"} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/invite/:token" element={<AcceptInvitePage />} />
      <Route
        element={
          <RequireLogin>
            <AppLayout />
          </RequireLogin>
        }
      >
        <Route path="/" element={<Home />} />
        <Route path="/workspaces/new" element={<CreateWorkspacePage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route path="/w/:workspaceId" element={<OverviewPage />} />
        <Route path="/w/:workspaceId/people" element={<PeoplePage />} />
        <Route path="/w/:workspaceId/members" element={<MembersPage />} />
        <Route path="/w/:workspaceId/settings" element={<SettingsPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
