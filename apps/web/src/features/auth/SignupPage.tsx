import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { PASSWORD_MIN, signupSchema, type Locale } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { post } from "../../api/client.ts";
import { AuthFrame } from "../../components/AuthFrame.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { useFormSubmit, validateWith } from "../../lib/forms.ts";
import { loadLaterScreens } from "../../later-screens.ts";
import { useResetSession } from "./session.ts";

export function SignupPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const resetSession = useResetSession();
  const form = useForm({
    initialValues: { name: "", email: "", password: "" },
    validate: (values) => validateWith(signupSchema, i18n.language)(values),
  });

  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    // The next screen (creating the workspace) loads while the account is made, so no blank moment follows.
    if (!params.get("next")) void Promise.all([loadLaterScreens(), import("../workspaces/CreateWorkspacePage.tsx")]).catch(() => undefined);
    await post("/auth/signup", { ...values, locale: i18n.language as Locale });
    await resetSession();
    const next = params.get("next");
    void navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/workspaces/new");
  });

  return (
    <AuthFrame title={t("signup.title")} subtitle={t("signup.subtitle")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={error} />
          <TextInput label={t("fields.name")} autoComplete="name" {...form.getInputProps("name")} />
          <TextInput label={t("fields.email")} type="email" autoComplete="email" {...form.getInputProps("email")} />
          <PasswordInput
            label={t("fields.password")}
            description={t("signup.passwordHint", { min: PASSWORD_MIN })}
            autoComplete="new-password"
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={form.submitting}>
            {t("signup.submit")}
          </Button>
          <Text size="sm">
            <Anchor component={Link} to={`/login${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`}>
              {t("signup.haveAccount")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
