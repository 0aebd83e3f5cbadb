import { ActionIcon, Alert, Anchor, Button, Card, Group, Progress, SimpleGrid, Text, ThemeIcon, Title } from "@mantine/core";
import type { FirstRunStep, Home, Workspace } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { post } from "../../api/client.ts";
import { usePeople } from "../people/people.ts";
import { useRefreshHome } from "./home.ts";
import { loadFirstRunDialog } from "./first-run-loader.ts";
import { checklistState, pendingPost } from "./home-logic.ts";
import type { HomeDialog } from "./HomePage.tsx";
import { Icon } from "./icons.tsx";

interface Props {
  home: Home;
  workspace: Workspace;
  canEdit: boolean;
  canAdmin: boolean;
  open: (dialog: HomeDialog) => void;
}

const hiddenKey = (workspaceId: string) => `socialplan.checklist.${workspaceId}`;
const offerKey = (workspaceId: string) => `socialplan.approvalOffer.${workspaceId}`;

/**
 * The first run: six steps ticked from the workspace's own data, each opening a short form in place, shown until all
 * are done (it can be folded away). Once the team has a second member, the offer to require approval of posts.
 */
export function Checklist({ home, workspace, canEdit, canAdmin, open }: Props) {
  const { t } = useTranslation();
  const state = checklistState(home.checklist);
  const [hidden, setHidden] = useState(() => localStorage.getItem(hiddenKey(workspace.id)) === "1");
  const toggle = () => {
    localStorage.setItem(hiddenKey(workspace.id), hidden ? "0" : "1");
    setHidden(!hidden);
  };
  const pending = pendingPost(home);
  // The first post sent to review: the step points to it instead of offering another first post.
  const waitingPost = pending && {
    status: pending.status,
    to: pending.status === "in_review" && home.canApprove ? `/w/${workspace.id}/review/${encodeURIComponent(pending.id)}` : `/w/${workspace.id}/calendar?post=${encodeURIComponent(pending.id)}`,
  };
  const offer = <ApprovalOffer home={home} workspace={workspace} canAdmin={canAdmin} open={open} />;
  if (state.allDone || !canEdit) return offer;
  return (
    <Card withBorder data-testid="first-run" style={{ borderColor: "var(--mantine-color-teal-3)" }}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ flex: 1 }}>
          <Title order={2} size="h4" style={{ flex: "none" }}>
            {t("home.checklist.title")}
          </Title>
          <Text size="sm" c="dimmed" style={{ flex: "none" }} data-testid="first-run-progress">
            {t("home.checklist.progress", { done: state.done, total: state.total })}
          </Text>
          <Progress value={(state.done / state.total) * 100} size="sm" maw={220} style={{ flex: 1 }} aria-hidden />
        </Group>
        <ActionIcon variant="subtle" color="gray" onClick={toggle} aria-label={t(hidden ? "home.checklist.show" : "home.checklist.hide")} aria-expanded={!hidden}>
          <Icon name={hidden ? "chevronDown" : "chevronUp"} />
        </ActionIcon>
      </Group>
      {!hidden && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm" mt="md">
            {home.checklist.map(({ step, done }) => (
              <Step key={step} step={step} done={done} next={step === state.next} canAdmin={canAdmin} open={open} waiting={step === "post" && !done ? waitingPost : null} />
            ))}
          </SimpleGrid>
          {offer}
          {!home.example && state.done < 3 && <ExampleOffer workspaceId={workspace.id} />}
        </>
      )}
    </Card>
  );
}

interface StepProps {
  step: FirstRunStep;
  done: boolean;
  next: boolean;
  canAdmin: boolean;
  open: (d: HomeDialog) => void;
  /** For the post step: the first post, in review or approved, and where it is taken further. */
  waiting: { status: "in_review" | "approved"; to: string } | null;
}

function Step({ step, done, next, canAdmin, open, waiting }: StepProps) {
  const { t } = useTranslation();
  const allowed = step !== "team" || canAdmin;
  return (
    <Group
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      p="sm"
      data-testid={`step-${step}`}
      data-done={done}
      // On a phone a step done folds away: the count above says it.
      visibleFrom={done ? "sm" : undefined}
      style={{ border: `1px solid var(--mantine-color-${next ? "teal-4" : "gray-3"})`, borderRadius: 8, background: done ? "var(--mantine-color-gray-0)" : undefined }}
    >
      <ThemeIcon variant={done ? "filled" : "light"} color={done ? "teal" : "gray"} radius="xl" size={26} style={{ flex: "none" }}>
        <Icon name={done ? "check" : "open"} size={15} />
      </ThemeIcon>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={600} td={done ? "line-through" : undefined} c={done ? "dimmed" : undefined}>
          {t(`home.checklist.steps.${step}.title`)}
        </Text>
        <Text size="xs" c="dimmed">
          {done ? t("home.checklist.done") : waiting ? t(`home.checklist.post_${waiting.status}`) : allowed ? t(`home.checklist.steps.${step}.help`) : t("home.checklist.askAdmin")}
        </Text>
      </div>
      {waiting && (
        <Button component={Link} to={waiting.to} size="compact-sm" variant="light" style={{ flex: "none" }}>
          {t(waiting.status === "approved" ? "home.checklist.scheduleIt" : "home.checklist.openPost")}
        </Button>
      )}
      {!done && allowed && !waiting && (
        <Button
          size="compact-sm"
          variant={next ? "filled" : "light"}
          onClick={() => open(step)}
          onPointerEnter={() => void loadFirstRunDialog()}
          onFocus={() => void loadFirstRunDialog()} style={{ flex: "none" }} aria-label={`${t("home.checklist.start")}: ${t(`home.checklist.steps.${step}.title`)}`}>
          {t("home.checklist.start")}
        </Button>
      )}
    </Group>
  );
}

/** With a second member and approval still off: the offer, until it is taken or put off. */
function ApprovalOffer({ home, workspace, canAdmin, open }: { home: Home; workspace: Workspace; canAdmin: boolean; open: (d: HomeDialog) => void }) {
  const { t } = useTranslation();
  const people = usePeople(workspace.id);
  const [putOff, setPutOff] = useState(() => localStorage.getItem(offerKey(workspace.id)) === "1");
  if (home.approvalRequired || !canAdmin || putOff || (people.data?.members.length ?? 0) < 2) return null;
  return (
    <Alert color="yellow" variant="light" mt="md" title={t("home.approval.title")} data-testid="approval-offer">
      <Text size="sm" mb="sm">
        {t("home.approval.offer")}
      </Text>
      <Group gap="sm">
        <Button size="xs" onClick={() => open("approval")}>
          {t("home.approval.turnOn")}
        </Button>
        <Button
          size="xs"
          variant="subtle"
          color="gray"
          onClick={() => {
            localStorage.setItem(offerKey(workspace.id), "1");
            setPutOff(true);
          }}
        >
          {t("home.approval.notNow")}
        </Button>
      </Group>
    </Alert>
  );
}

/** For an almost empty workspace: look around the worked example first (it is marked and cleared in one step). */
function ExampleOffer({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshHome(workspaceId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/workspaces/${workspaceId}/strategy/example`, { locale: i18n.language === "ko" ? "ko" : "en" });
      await refresh("strategy", "posts", "budget", "board");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="xs" mt="md">
      <Text size="sm" c="dimmed">
        {t("home.checklist.tryExample")}
      </Text>
      <Anchor component="button" type="button" size="sm" onClick={() => void load()} disabled={busy} data-testid="load-example">
        {t("home.checklist.loadExample")}
      </Anchor>
      {error && (
        <Text size="sm" c="red.9">
          {error}
        </Text>
      )}
    </Group>
  );
}
