import { Alert, Anchor, Badge, Button, Card, Center, Grid, Loader, Skeleton, Stack, Text } from "@mantine/core";
import type { FirstRunStep, Home, Workspace } from "@socialplan/schema";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { Checklist } from "./Checklist.tsx";
import { loadFirstRunDialog } from "./first-run-loader.ts";
import { useHome } from "./home.ts";
import { HomeGoals } from "./HomeGoals.tsx";
import { HomeSide } from "./HomeSide.tsx";
import { HomeWeek } from "./HomeWeek.tsx";

/** What the home screen can open in place: a first-run step's short form, or the approval question. */
export type HomeDialog = FirstRunStep | "approval";

// The short forms load when one is opened (with the whole stylesheet, as any later screen): the first screen stays small.
const FirstRunDialog = lazy(async () => ({ default: (await loadFirstRunDialog()).FirstRunDialog }));

/**
 * The workspace's command center, its first screen: the first-run checklist until it is done, goals with their
 * progress and forecast, this week's posts by day, what waits for the caller, the month's budget pace and the next
 * check-in — each a click from the screen where it is done. One request (GET /home); a skeleton until it answers.
 */
export function HomePage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const home = useHome(current.workspaceId);
  const [dialog, setDialog] = useState<HomeDialog | null>(null);
  const w = current.data;
  return (
    // Korean wraps between words, not inside them.
    <Stack gap="md" maw={1400} style={{ wordBreak: "keep-all", overflowWrap: "anywhere" }}>
      {w ? <PageHeader title={w.name} aside={<Badge variant="light">{t(`roles.${w.role}`)}</Badge>} /> : <Skeleton height={34} width={260} />}
      {home.error ? (
        <Alert color="red" title={t("home.loadFailed")}>
          <Text size="sm" mb="sm">
            {home.error.message}
          </Text>
          <Button size="xs" variant="light" color="red" onClick={() => void home.refetch()}>
            {t("home.retry")}
          </Button>
        </Alert>
      ) : !home.data || !w ? (
        <HomeSkeleton />
      ) : (
        <HomeContent home={home.data} workspace={w} canEdit={current.can("editor")} canAdmin={current.can("admin")} open={setDialog} />
      )}
      {dialog && home.data && w && (
        <Suspense
          fallback={
            <Center pos="fixed" inset={0} style={{ zIndex: 300 }}>
              <Loader />
            </Center>
          }
        >
          <FirstRunDialog dialog={dialog} home={home.data} workspace={w} onSwitch={setDialog} onClose={() => setDialog(null)} />
        </Suspense>
      )}
    </Stack>
  );
}

interface ContentProps {
  home: Home;
  workspace: Workspace;
  canEdit: boolean;
  canAdmin: boolean;
  open: (dialog: HomeDialog) => void;
}

function HomeContent({ home, workspace, canEdit, canAdmin, open }: ContentProps) {
  const { t } = useTranslation();
  return (
    <>
      {home.example && (
        <Alert color="grape" variant="light" title={t("home.example.title")} data-testid="home-example">
          <Text size="sm">{t("home.example.body")}</Text>
          <Anchor component={Link} to={`/w/${workspace.id}/strategy`} size="sm" fw={600} c="grape.9">
            {t("home.example.clear")}
          </Anchor>
        </Alert>
      )}
      <Checklist home={home} workspace={workspace} canEdit={canEdit} canAdmin={canAdmin} open={open} />
      <Grid gap="md">
        {/* On a phone what waits for me comes first; on a wide screen it sits on the right. */}
        <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
          <Stack gap="md">
            <HomeGoals home={home} workspaceId={workspace.id} canEdit={canEdit} open={open} />
            <HomeWeek home={home} workspace={workspace} canEdit={canEdit} open={open} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
          <HomeSide home={home} workspace={workspace} canEdit={canEdit} open={open} />
        </Grid.Col>
      </Grid>
    </>
  );
}

/** The home's shape while it loads: the same cards, greyed, so nothing jumps when the answer arrives. */
function HomeSkeleton() {
  const { t } = useTranslation();
  const block = (lines: number, key: string) => (
    <Card withBorder key={key}>
      <Skeleton height={18} width="40%" mb="md" />
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} height={12} mt={10} width={`${90 - i * 12}%`} />
      ))}
    </Card>
  );
  return (
    <div aria-busy="true" aria-label={t("home.loading")} data-testid="home-skeleton">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {block(4, "goals")}
            {block(7, "week")}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {block(4, "waiting")}
            {block(2, "budget")}
            {block(1, "check-in")}
          </Stack>
        </Grid.Col>
      </Grid>
    </div>
  );
}
