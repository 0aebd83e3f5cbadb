// Loaded only when a first-run step is opened (see HomePage): the short forms and what they need stay off the first screen.
import { Modal } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { Home, Workspace } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { ApprovalStep, BudgetStep, TeamStep } from "./BudgetTeamSteps.tsx";
import { useRefreshHome } from "./home.ts";
import type { HomeDialog } from "./HomePage.tsx";
import { PostStep } from "./PostStep.tsx";
import { BasicsStep, ChannelStep, GoalStep } from "./StrategySteps.tsx";
import { useFullScreenDialog } from "../../components/use-phone.ts";

/** What every step's form gets: the workspace, the home as it is, and what to call once it has saved. */
export interface StepProps {
  workspace: Workspace;
  home: Home;
  /** After a step saved: the home and the named screens' data load again, a short confirmation shows, the form closes. */
  done: (message: string, ...refresh: string[]) => Promise<void>;
  switchTo: (dialog: HomeDialog) => void;
  close: () => void;
}

const FORMS: Record<HomeDialog, (props: StepProps) => React.ReactNode> = {
  basics: BasicsStep,
  channel: ChannelStep,
  goal: GoalStep,
  post: PostStep,
  budget: BudgetStep,
  team: TeamStep,
  approval: ApprovalStep,
};

/** One step's short form in a dialog (full screen on a phone). */
export function FirstRunDialog({ dialog, home, workspace, onSwitch, onClose }: { dialog: HomeDialog; home: Home; workspace: Workspace; onSwitch: (d: HomeDialog) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const refresh = useRefreshHome(workspace.id);
  const Form = FORMS[dialog];
  const done = async (message: string, ...others: string[]) => {
    await refresh(...others);
    notifications.show({ color: "teal", message });
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={t(`firstRun.${dialog}.title`)} size="lg" fullScreen={fullScreen} data-testid={`first-run-${dialog}`}>
      <Form workspace={workspace} home={home} done={done} switchTo={onSwitch} close={onClose} />
    </Modal>
  );
}
