import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { Navigate, Outlet, Route, Routes, useLocation } from "react-router";
import { FrameSkeleton, ScreenSkeleton } from "./components/FrameSkeleton.tsx";
import { useMe, useWorkspaces } from "./features/auth/session.ts";
import { loadLaterScreens } from "./later-screens.ts";

/**
 * Every screen is its own chunk, loaded when first opened: the first screen (sign-in, or a workspace's overview)
 * downloads only what it shows, and charts, the calendar, the grid, the Gantt chart and the rest come later.
 * A first screen has its Mantine styles in first-screen-styles.ts; any other screen also loads later-screens-setup
 * (the whole stylesheet among it), requested first so that the screen's own styles come after it in the page.
 */
function screen<K extends string, M extends { [key in K]: ComponentType<any> }>(load: () => Promise<M>, name: K, first = false) {
  return lazy(async () => {
    const [, module] = await Promise.all([first ? undefined : loadLaterScreens(), load()]);
    return { default: module[name] };
  });
}
const firstScreen = <K extends string, M extends { [key in K]: ComponentType<any> }>(load: () => Promise<M>, name: K) => screen(load, name, true);

const LoginPage = firstScreen(() => import("./features/auth/LoginPage.tsx"), "LoginPage");
const SignupPage = firstScreen(() => import("./features/auth/SignupPage.tsx"), "SignupPage");
const ForgotPasswordPage = firstScreen(() => import("./features/auth/PasswordResetPages.tsx"), "ForgotPasswordPage");
const ResetPasswordPage = firstScreen(() => import("./features/auth/PasswordResetPages.tsx"), "ResetPasswordPage");
const AcceptInvitePage = firstScreen(() => import("./features/invitations/AcceptInvitePage.tsx"), "AcceptInvitePage");
const SignedInFrame = firstScreen(() => import("./components/SignedInFrame.tsx"), "SignedInFrame");
const AccountPage = screen(() => import("./features/account/AccountPage.tsx"), "AccountPage");
const MembersPage = screen(() => import("./features/members/MembersPage.tsx"), "MembersPage");
const PeoplePage = screen(() => import("./features/people/PeoplePage.tsx"), "PeoplePage");
const CreateWorkspacePage = screen(() => import("./features/workspaces/CreateWorkspacePage.tsx"), "CreateWorkspacePage");
const HomePage = firstScreen(() => import("./features/home/HomePage.tsx"), "HomePage");
const GuestReviewPage = screen(() => import("./features/review/GuestReviewPage.tsx"), "GuestReviewPage");
const ReviewPage = screen(() => import("./features/review/ReviewPage.tsx"), "ReviewPage");
const SettingsPage = screen(() => import("./features/workspaces/SettingsPage.tsx"), "SettingsPage");
const StrategyLayout = screen(() => import("./features/strategy/StrategyLayout.tsx"), "StrategyLayout");
const OutlinePage = screen(() => import("./features/strategy/OutlinePage.tsx"), "OutlinePage");
const GuideMapPage = screen(() => import("./features/strategy/GuideMapPage.tsx"), "GuideMapPage");
const PrintPage = screen(() => import("./features/strategy/PrintPage.tsx"), "PrintPage");
const CollectionPage = screen(() => import("./features/strategy/pages.tsx"), "CollectionPage");
const GoalsPage = screen(() => import("./features/strategy/pages.tsx"), "GoalsPage");
const InitiativesPage = screen(() => import("./features/strategy/pages.tsx"), "InitiativesPage");
const SectionPage = screen(() => import("./features/strategy/pages.tsx"), "SectionPage");
const SwotPage = screen(() => import("./features/strategy/pages.tsx"), "SwotPage");
const BudgetPage = screen(() => import("./features/budget/BudgetPage.tsx"), "BudgetPage");
const BoardPage = screen(() => import("./features/board/BoardPage.tsx"), "BoardPage");
const SetupPage = screen(() => import("./features/setup/SetupPage.tsx"), "SetupPage");
const RoadmapPage = screen(() => import("./features/roadmap/RoadmapPage.tsx"), "RoadmapPage");
const TrackingPage = screen(() => import("./features/tracking/TrackingPage.tsx"), "TrackingPage");
const NumbersPage = screen(() => import("./features/tracking/NumbersPage.tsx"), "NumbersPage");
const ReportsPage = screen(() => import("./features/tracking/ReportsPage.tsx"), "ReportsPage");
const ReportPage = screen(() => import("./features/tracking/ReportPage.tsx"), "ReportPage");
const CalendarPage = screen(() => import("./features/calendar/CalendarPage.tsx"), "CalendarPage");
const AssetsPage = screen(() => import("./features/assets/AssetsPage.tsx"), "AssetsPage");
const ToolsPage = screen(() => import("./features/tools/ToolsPage.tsx"), "ToolsPage");
const InstanceSettingsPage = screen(() => import("./features/instance/InstanceSettingsPage.tsx"), "InstanceSettingsPage");
const ConnectPage = screen(() => import("./features/connections/ConnectPage.tsx"), "ConnectPage");
const ConnectErrorPage = screen(() => import("./features/connections/ConnectErrorPage.tsx"), "ConnectErrorPage");

// While the session or a screen loads: the app's frame and a screen as grey shapes, never a blank page or a lone spinner.
const Loading = () => <FrameSkeleton />;

const ScreenLoading = () => <ScreenSkeleton />;

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
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignupPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/invite/:token" element={<AcceptInvitePage />} />
        <Route path="/review/:token" element={<GuestReviewPage />} />
        <Route path="/connect-error" element={<ConnectErrorPage />} />
        <Route
          element={
            <RequireLogin>
              <SignedInFrame />
            </RequireLogin>
          }
        >
          {/* The frame stays on screen while a screen's chunk loads. */}
          <Route
            element={
              <Suspense fallback={<ScreenLoading />}>
                <Outlet />
              </Suspense>
            }
          >
            <Route path="/" element={<Home />} />
            <Route path="/workspaces/new" element={<CreateWorkspacePage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/instance" element={<InstanceSettingsPage />} />
            <Route path="/w/:workspaceId" element={<HomePage />} />
            <Route path="/w/:workspaceId/review" element={<ReviewPage />} />
            <Route path="/w/:workspaceId/review/:postId" element={<ReviewPage />} />
            <Route path="/w/:workspaceId/people" element={<PeoplePage />} />
            <Route path="/w/:workspaceId/members" element={<MembersPage />} />
            <Route path="/w/:workspaceId/settings" element={<SettingsPage />} />
            <Route path="/w/:workspaceId/budget" element={<BudgetPage />} />
            <Route path="/w/:workspaceId/board" element={<BoardPage />} />
            <Route path="/w/:workspaceId/setup" element={<SetupPage />} />
            <Route path="/w/:workspaceId/roadmap" element={<RoadmapPage />} />
            <Route path="/w/:workspaceId/tools" element={<ToolsPage />} />
            <Route path="/w/:workspaceId/tracking" element={<TrackingPage />} />
            <Route path="/w/:workspaceId/tracking/numbers" element={<NumbersPage />} />
            <Route path="/w/:workspaceId/reports" element={<ReportsPage />} />
            <Route path="/w/:workspaceId/reports/:reportId" element={<ReportPage />} />
            <Route path="/w/:workspaceId/calendar" element={<CalendarPage />} />
            <Route path="/w/:workspaceId/connect/:pendingId" element={<ConnectPage />} />
            <Route path="/w/:workspaceId/assets" element={<AssetsPage />} />
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
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}
