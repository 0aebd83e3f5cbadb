import { Center, Loader } from "@mantine/core";
import { lazy, Suspense, type ReactNode } from "react";
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
import { GuideMapPage } from "./features/strategy/GuideMapPage.tsx";
import { OutlinePage } from "./features/strategy/OutlinePage.tsx";
import { CollectionPage, GoalsPage, InitiativesPage, SectionPage, SwotPage } from "./features/strategy/pages.tsx";
import { PrintPage } from "./features/strategy/PrintPage.tsx";
import { StrategyLayout } from "./features/strategy/StrategyLayout.tsx";

// The budget pulls in a spreadsheet grid and charts: loaded when first opened, not with the first screen.
const BudgetPage = lazy(() => import("./features/budget/BudgetPage.tsx").then((m) => ({ default: m.BudgetPage })));
const BoardPage = lazy(() => import("./features/board/BoardPage.tsx").then((m) => ({ default: m.BoardPage })));
const SetupPage = lazy(() => import("./features/setup/SetupPage.tsx").then((m) => ({ default: m.SetupPage })));
const RoadmapPage = lazy(() => import("./features/roadmap/RoadmapPage.tsx").then((m) => ({ default: m.RoadmapPage })));
const TrackingPage = lazy(() => import("./features/tracking/TrackingPage.tsx").then((m) => ({ default: m.TrackingPage })));
const NumbersPage = lazy(() => import("./features/tracking/NumbersPage.tsx").then((m) => ({ default: m.NumbersPage })));
const ReportsPage = lazy(() => import("./features/tracking/ReportsPage.tsx").then((m) => ({ default: m.ReportsPage })));
const ReportPage = lazy(() => import("./features/tracking/ReportPage.tsx").then((m) => ({ default: m.ReportPage })));
const CalendarPage = lazy(() => import("./features/calendar/CalendarPage.tsx").then((m) => ({ default: m.CalendarPage })));
const AssetsPage = lazy(() => import("./features/assets/AssetsPage.tsx").then((m) => ({ default: m.AssetsPage })));
const ToolsPage = lazy(() => import("./features/tools/ToolsPage.tsx").then((m) => ({ default: m.ToolsPage })));

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
        <Route
          path="/w/:workspaceId/budget"
          element={
            <Suspense fallback={<Loading />}>
              <BudgetPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/board"
          element={
            <Suspense fallback={<Loading />}>
              <BoardPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/setup"
          element={
            <Suspense fallback={<Loading />}>
              <SetupPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/roadmap"
          element={
            <Suspense fallback={<Loading />}>
              <RoadmapPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/tools"
          element={
            <Suspense fallback={<Loading />}>
              <ToolsPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/tracking"
          element={
            <Suspense fallback={<Loading />}>
              <TrackingPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/tracking/numbers"
          element={
            <Suspense fallback={<Loading />}>
              <NumbersPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/reports"
          element={
            <Suspense fallback={<Loading />}>
              <ReportsPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/reports/:reportId"
          element={
            <Suspense fallback={<Loading />}>
              <ReportPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/calendar"
          element={
            <Suspense fallback={<Loading />}>
              <CalendarPage />
            </Suspense>
          }
        />
        <Route
          path="/w/:workspaceId/assets"
          element={
            <Suspense fallback={<Loading />}>
              <AssetsPage />
            </Suspense>
          }
        />
        <Route path="/w/:workspaceId/strategy" element={<StrategyLayout />}>
          <Route index element={<OutlinePage />} />
          <Route path="reviews" element={<CollectionPage page="reviews" kind="review" />} />
          <Route path="company" element={<SectionPage page="company" kinds={["company"]} />} />
          <Route path="mission" element={<SectionPage page="mission" kinds={["mission"]} />} />
          <Route path="swot" element={<SwotPage />} />
          <Route path="goals" element={<GoalsPage />} />
          <Route path="initiatives" element={<InitiativesPage />} />
          <Route path="market" element={<SectionPage page="market" kinds={["geo", "industry"]} />} />
          <Route path="personas" element={<CollectionPage page="personas" kind="persona" />} />
          <Route path="competitors" element={<CollectionPage page="competitors" kind="competitor" />} />
          <Route path="products" element={<CollectionPage page="products" kind="product" />} />
          <Route path="distribution" element={<SectionPage page="distribution" kinds={["distribution"]} />} />
          <Route path="journey" element={<SectionPage page="journey" kinds={["journey"]} />} />
          <Route path="channels" element={<CollectionPage page="channels" kind="channel" />} />
          <Route path="guide" element={<GuideMapPage />} />
          <Route path="print" element={<PrintPage />} />
        </Route>
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
