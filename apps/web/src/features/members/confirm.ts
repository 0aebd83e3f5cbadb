import { modals as mantineModals } from "@mantine/modals";
import i18n from "../../i18n/index.ts";

/** A confirmation dialog before an action that cannot be undone. */
export const modals = {
  confirm(question: string, onConfirm: () => void | Promise<void>): void {
    mantineModals.openConfirmModal({
      title: i18n.t("common.confirm"),
      children: question,
      labels: { confirm: i18n.t("common.confirm"), cancel: i18n.t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => void onConfirm(),
    });
  },
};
