import { Button, Card, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { createWorkspaceSchema, type Workspace } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { post } from "../../api/client.ts";
import { FormAlert } from "../../components/FormAlert.tsx";
import { useFormSubmit, validateWith } from "../../lib/forms.ts";
import { workspacesKey } from "../auth/session.ts";
import { SettingsFields, type SettingsValues } from "./SettingsFields.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";

function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export function CreateWorkspacePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const korean = i18n.language === "ko";
  const form = useForm<SettingsValues>({
    initialValues: {
      name: "",
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || (korean ? "Asia/Seoul" : "UTC"),
      currency: korean ? "KRW" : "USD",
      locale: korean ? "ko" : "en",
      weekStart: korean ? 7 : 1,
      periodStart: thisMonth(),
      periodMonths: 12,
    },
    validate: (v) => validateWith(createWorkspaceSchema, i18n.language)(v),
  });

  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    const workspace = await post<Workspace>("/workspaces", values);
    await client.invalidateQueries({ queryKey: workspacesKey });
    void navigate(`/w/${workspace.id}`);
  });

  return (
    <Stack maw={760}>
      <PageHeader title={t("createWorkspace.title")} intro={t("createWorkspace.intro")} />
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={error} />
            <SettingsFields form={form} />
            <Button type="submit" w="fit-content" loading={form.submitting}>
              {t("createWorkspace.submit")}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
