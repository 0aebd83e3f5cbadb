import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { resetConfirmSchema, resetRequestSchema, type AppConfig } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { get, post } from "../../api/client.ts";
import { AuthFrame } from "../../components/AuthFrame.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { useFormSubmit, validateWith } from "../../lib/forms.ts";

const BackToLogin = () => {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/login" size="sm">
      {t("reset.backToLogin")}
    </Anchor>
  );
};

/** Asks for a reset link by email; when the server has no email, says who can help instead. */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const config = useQuery({ queryKey: ["config"], queryFn: () => get<AppConfig>("/config") });
  const [sent, setSent] = useState(false);
  const form = useForm({ initialValues: { email: "" }, validate: (v) => validateWith(resetRequestSchema, i18n.language)(v) });
  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    await post("/auth/password-reset/request", values);
    setSent(true);
  });

  if (config.data && !config.data.emailEnabled) {
    return (
      <AuthFrame title={t("reset.title")}>
        <Stack>
          <Alert color="blue">{t("reset.noEmail")}</Alert>
          <BackToLogin />
        </Stack>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t("reset.title")} subtitle={t("reset.subtitle")}>
      {sent ? (
        <Stack>
          <Alert color="teal">{t("reset.sent")}</Alert>
          <BackToLogin />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={error} />
            <TextInput label={t("fields.email")} type="email" {...form.getInputProps("email")} />
            <Button type="submit" loading={form.submitting}>
              {t("reset.send")}
            </Button>
            <BackToLogin />
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [done, setDone] = useState(false);
  const form = useForm({ initialValues: { password: "" }, validate: (v) => validateWith(resetConfirmSchema.pick({ password: true }), i18n.language)(v) });
  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    await post("/auth/password-reset/confirm", { token: params.get("token") ?? "", password: values.password });
    setDone(true);
  });

  return (
    <AuthFrame title={t("reset.newTitle")}>
      {done ? (
        <Stack>
          <Alert color="teal">{t("reset.done")}</Alert>
          <BackToLogin />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={error} />
            <PasswordInput label={t("fields.newPassword")} autoComplete="new-password" {...form.getInputProps("password")} />
            <Button type="submit" loading={form.submitting}>
              {t("reset.save")}
            </Button>
            <Text size="sm">
              <BackToLogin />
            </Text>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
