import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { loginSchema } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { post } from "../../api/client.ts";
import { AuthFrame } from "../../components/AuthFrame.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { applyApiError, validateWith } from "../../lib/forms.ts";
import { useResetSession } from "./session.ts";
import { CodeInput } from "../../components/CodeInput.tsx";

/** Email and password, then, for accounts with 2FA, the code from the app or a recovery code. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const resetSession = useResetSession();
  const [step, setStep] = useState<"password" | "code" | "recovery">("password");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: "", password: "", code: "", recoveryCode: "" },
    validate: (values) =>
      validateWith(loginSchema, i18n.language)({
        email: values.email,
        password: values.password,
        ...(step === "code" ? { code: values.code } : {}),
        ...(step === "recovery" ? { recoveryCode: values.recoveryCode } : {}),
      }),
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const result = await post<{ twoFactorRequired?: true }>("/auth/login", {
        email: values.email,
        password: values.password,
        ...(step === "code" ? { code: values.code } : {}),
        ...(step === "recovery" ? { recoveryCode: values.recoveryCode } : {}),
      });
      if (result.twoFactorRequired) {
        setStep("code");
        return;
      }
      await resetSession();
      const next = params.get("next");
      void navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/");
    } catch (e) {
      setError(applyApiError(e, form.setErrors));
    } finally {
      setBusy(false);
    }
  });

  return (
    <AuthFrame title={t("login.title")} subtitle={step === "password" ? t("login.subtitle") : t("login.codeSubtitle")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={error} />
          {step === "password" && (
            <>
              <TextInput label={t("fields.email")} type="email" autoComplete="email" {...form.getInputProps("email")} />
              <PasswordInput label={t("fields.password")} autoComplete="current-password" {...form.getInputProps("password")} />
            </>
          )}
          {step === "code" && (
            <Stack gap={4}>
              <CodeInput form={form} label={t("fields.code")} autoFocus />
              <Anchor component="button" type="button" size="sm" style={{ alignSelf: "flex-start" }} onClick={() => setStep("recovery")}>
                {t("login.useRecoveryCode")}
              </Anchor>
            </Stack>
          )}
          {step === "recovery" && (
            <TextInput label={t("fields.recoveryCode")} autoComplete="off" placeholder="abcde-12345" {...form.getInputProps("recoveryCode")} />
          )}
          <Button type="submit" loading={busy}>
            {step === "password" ? t("login.submit") : t("login.verify")}
          </Button>
          <Text size="sm">
            <Anchor component={Link} to="/forgot-password">
              {t("login.forgot")}
            </Anchor>
            {" · "}
            <Anchor component={Link} to={`/signup${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`}>
              {t("login.noAccount")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
