import { Button, Card, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { changePasswordSchema, type Locale, type User } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { patch, post } from "../../api/client.ts";
import { FormAlert } from "../../components/FormAlert.tsx";
import { setLocale } from "../../i18n/index.ts";
import { useFormSubmit, validateWith } from "../../lib/forms.ts";
import { meKey, useMe } from "../auth/session.ts";
import { SessionsCard } from "./SessionsCard.tsx";
import { TwoFactorCard } from "./TwoFactorCard.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null;
  return (
    <Stack maw={720}>
      <PageHeader title={t("account.title")} />
      <ProfileCard user={me.data} />
      <TwoFactorCard user={me.data} />
      <PasswordCard />
      <SessionsCard />
    </Stack>
  );
}

function ProfileCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm({ initialValues: { name: user.name, locale: user.locale } });
  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    const updated = await patch<User>("/auth/me", values);
    setLocale(updated.locale);
    client.setQueryData(meKey, updated);
    notifications.show({ color: "teal", message: t("common.saved") });
  });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t("account.profile")}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={error} />
          <TextInput label={t("fields.name")} {...form.getInputProps("name")} />
          <TextInput label={t("fields.email")} value={user.email} readOnly variant="filled" />
          <Select
            label={t("fields.language")}
            allowDeselect={false}
            data={[
              { value: "en", label: "English" },
              { value: "ko", label: "한국어" },
            ]}
            {...form.getInputProps("locale")}
            onChange={(v) => form.setFieldValue("locale", (v ?? "en") as Locale)}
          />
          <Button type="submit" w="fit-content" loading={form.submitting}>
            {t("common.save")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const { t, i18n } = useTranslation();
  const form = useForm({ initialValues: { currentPassword: "", newPassword: "" }, validate: (v) => validateWith(changePasswordSchema, i18n.language)(v) });
  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    await post("/auth/password", values);
    form.reset();
    notifications.show({ color: "teal", message: t("account.passwordChanged") });
  });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t("account.password")}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={error} />
          <PasswordInput label={t("fields.currentPassword")} autoComplete="current-password" {...form.getInputProps("currentPassword")} />
          <PasswordInput label={t("fields.newPassword")} description={t("account.passwordHint")} autoComplete="new-password" {...form.getInputProps("newPassword")} />
          <Button type="submit" w="fit-content" loading={form.submitting}>
            {t("account.changePassword")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
