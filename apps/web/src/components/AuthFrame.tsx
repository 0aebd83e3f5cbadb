import { Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

/** The frame of the screens before login. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack w="100%" maw={420}>
        <Group justify="space-between">
          <Text fw={800} size="xl" c="teal.9">
            Socialplan
          </Text>
          <LanguageSwitch loggedIn={false} />
        </Group>
        <Paper withBorder shadow="sm" p="xl">
          <Title order={2} size="h3" mb={subtitle ? 4 : "md"}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" mb="md">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
