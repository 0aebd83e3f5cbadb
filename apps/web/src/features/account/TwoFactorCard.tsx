import { Alert, Badge, Button, Card, Code, CopyButton, Group, Image, PasswordInput, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { User } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { post } from "../../api/client.ts";
import { FormAlert } from "../../components/FormAlert.tsx";
import { applyApiError, errorMessage } from "../../lib/forms.ts";
import { meKey } from "../auth/session.ts";
import { CodeInput } from "../../components/CodeInput.tsx";

interface Setup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** Enrol with a QR code and a typed code, keep the recovery codes, or turn 2FA off with password and code. */
export function TwoFactorCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [mode, setMode] = useState<"idle" | "disable" | "regenerate">("idle");
  const [error, setError] = useState<string | null>(null);
  const enrolForm = useForm({ initialValues: { code: "" } });
  const confirmForm = useForm({ initialValues: { password: "", code: "" } });
  const refreshMe = () => client.invalidateQueries({ queryKey: meKey });

  const start = async () => {
    setError(null);
    try {
      setSetup(await post<Setup>("/auth/2fa/setup"));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const enable = enrolForm.onSubmit(async ({ code }) => {
    setError(null);
    try {
      const result = await post<{ recoveryCodes: string[] }>("/auth/2fa/enable", { code });
      setCodes(result.recoveryCodes);
      setSetup(null);
      await refreshMe();
    } catch (e) {
      setError(applyApiError(e, enrolForm.setErrors));
    }
  });
  const confirm = confirmForm.onSubmit(async (values) => {
    setError(null);
    try {
      if (mode === "disable") {
        await post("/auth/2fa/disable", values);
        await refreshMe();
      } else {
        setCodes((await post<{ recoveryCodes: string[] }>("/auth/2fa/recovery-codes", values)).recoveryCodes);
      }
      setMode("idle");
      confirmForm.reset();
    } catch (e) {
      setError(applyApiError(e, confirmForm.setErrors));
    }
  });

  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t("twoFactor.title")}
        </Title>
        <Badge color={user.twoFactorEnabled ? "teal" : "gray"} variant="light">
          {user.twoFactorEnabled ? t("twoFactor.on") : t("twoFactor.off")}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t("twoFactor.why")}
      </Text>
      <Stack>
        <FormAlert message={error} />
        {codes && (
          <Alert color="teal" title={t("twoFactor.codesTitle")}>
            <Text size="sm" mb="xs">
              {t("twoFactor.codesHelp")}
            </Text>
            <SimpleGrid cols={2} spacing={4} data-testid="recovery-codes">
              {codes.map((c) => (
                <Code key={c}>{c}</Code>
              ))}
            </SimpleGrid>
            <Group mt="sm">
              <CopyButton value={codes.join("\n")}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? t("common.copied") : t("common.copy")}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="subtle" onClick={() => setCodes(null)}>
                {t("twoFactor.savedCodes")}
              </Button>
            </Group>
          </Alert>
        )}
        {!user.twoFactorEnabled && !setup && (
          <Button w="fit-content" onClick={() => void start()}>
            {t("twoFactor.start")}
          </Button>
        )}
        {setup && (
          <form onSubmit={enable} noValidate>
            <Stack>
              <Text size="sm">{t("twoFactor.scan")}</Text>
              <Image src={setup.qrDataUrl} alt={t("twoFactor.qrAlt")} w={180} h={180} />
              <Text size="sm">
                {t("twoFactor.manual")} <Code data-testid="totp-secret">{setup.secret}</Code>
              </Text>
              <CodeInput form={enrolForm} label={t("twoFactor.enterCode")} />
              <Group>
                <Button type="submit" loading={enrolForm.submitting}>
                  {t("twoFactor.confirm")}
                </Button>
                <Button variant="subtle" onClick={() => setSetup(null)}>
                  {t("common.cancel")}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {user.twoFactorEnabled && mode === "idle" && (
          <Group>
            <Button variant="light" onClick={() => setMode("regenerate")}>
              {t("twoFactor.newCodes")}
            </Button>
            <Button variant="light" color="red" onClick={() => setMode("disable")}>
              {t("twoFactor.disable")}
            </Button>
          </Group>
        )}
        {mode !== "idle" && (
          <form onSubmit={confirm} noValidate>
            <Stack>
              <Text size="sm">{mode === "disable" ? t("twoFactor.disableHelp") : t("twoFactor.newCodesHelp")}</Text>
              <PasswordInput label={t("fields.password")} autoComplete="current-password" {...confirmForm.getInputProps("password")} />
              <CodeInput form={confirmForm} label={t("fields.code")} />
              <Group>
                <Button type="submit" color={mode === "disable" ? "red" : undefined} loading={confirmForm.submitting}>
                  {mode === "disable" ? t("twoFactor.disable") : t("twoFactor.newCodes")}
                </Button>
                <Button variant="subtle" onClick={() => setMode("idle")}>
                  {t("common.cancel")}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
