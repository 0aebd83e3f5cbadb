import { Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A screen's title, with an optional line of explanation and something beside the title (a badge). */
export function PageHeader({ title, intro, aside }: { title: string; intro?: string; aside?: ReactNode }) {
  return (
    <Stack gap={4}>
      <Group>
        <Title order={1} size="h2">
          {title}
        </Title>
        {aside}
      </Group>
      {intro && (
        <Text c="dimmed" maw={760}>
          {intro}
        </Text>
      )}
    </Stack>
  );
}
