import { Button, Card, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { archiveUrl } from "./archive.ts";

/** Workspace settings, owners only: one button that downloads the whole workspace as one archive. */
export function DownloadArchiveCard({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="archive-download">
      <Stack gap="xs" align="flex-start">
        <Title order={2} size="h4">
          {t("archive.downloadTitle")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("archive.downloadBody")}
        </Text>
        <Button component="a" href={archiveUrl(workspaceId)} download variant="light">
          {t("archive.download")}
        </Button>
      </Stack>
    </Card>
  );
}
