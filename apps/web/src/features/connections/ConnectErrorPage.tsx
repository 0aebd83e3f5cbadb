import { Button, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AuthFrame } from "../../components/AuthFrame.tsx";
import { keyText } from "./oauth.ts";

/**
 * Where the network's sign-in lands when Socialplan cannot tell whose it was (`/connect-error?code=<key>`): the link
 * ran out, was opened in another browser, or the session ended meanwhile. Says which, and how to start again.
 */
export function ConnectErrorPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const code = params.get("code");
  return (
    <AuthFrame title={t("connect.errorPageTitle")}>
      <Stack gap="md" data-testid="connect-error">
        <Text>{keyText(t, "oauthErrors", code, "connect.errorGeneric")}</Text>
        <Text size="sm" c="dimmed">
          {t("connect.errorPageHelp")}
        </Text>
        <Button component={Link} to="/">
          {t("connect.errorPageBack")}
        </Button>
      </Stack>
    </AuthFrame>
  );
}
