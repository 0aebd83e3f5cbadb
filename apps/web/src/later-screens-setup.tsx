import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { fieldLabel, MESSAGES, translate } from "@socialplan/schema";
import { loadLaterMessages } from "./i18n/index.ts";
import { setFormWords } from "./lib/forms.ts";

/** The rest of the messages, with the network names (shared with the server's exports). */
export const ready: Promise<void> = loadLaterMessages((locale) => ({ networks: MESSAGES[locale].networks }));
// Forms on later screens name strategy answers by their question and know every server message.
setFormWords({ translate, fieldLabel });

/** Hosts for `modals.open…` and `notifications.show` (both are called through their static APIs). */
export function SignedInExtras() {
  return (
    <>
      <ModalsProvider />
      <Notifications position="top-right" />
    </>
  );
}
