import { Box, Group, Skeleton, Stack, Text } from "@mantine/core";
import { PageSkeleton } from "./Skeletons.tsx";

/**
 * The signed-in app's frame (header, navigation, a screen) as grey shapes, shown while the session or the first
 * screen loads — after sign-up, for example — instead of a blank page or a lone spinner. Same sizes as AppLayout.
 */
export function FrameSkeleton() {
  return (
    <Box mih="100vh" aria-busy="true" data-testid="frame-skeleton">
      <Group h={60} px="md" justify="space-between" wrap="nowrap" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Group wrap="nowrap" gap="md">
          <Text fw={800} size="lg" c="teal.9">
            Socialplan
          </Text>
          <Skeleton h={30} w={200} visibleFrom="xs" />
        </Group>
        <Group wrap="nowrap" gap="sm">
          <Skeleton h={28} w={28} circle />
          <Skeleton h={28} w={90} />
        </Group>
      </Group>
      <Box style={{ display: "flex" }}>
        <Stack w={240} p="md" gap={14} visibleFrom="sm" style={{ borderRight: "1px solid var(--mantine-color-gray-3)", minHeight: "calc(100vh - 60px)" }}>
          {[70, 55, 62, 48, 58, 66].map((w, i) => (
            <Skeleton key={i} h={14} w={`${w}%`} />
          ))}
        </Stack>
        <Box p="lg" style={{ flex: 1, minWidth: 0 }}>
          <ScreenSkeleton />
        </Box>
      </Box>
    </Box>
  );
}

/** A screen inside the frame while its code or data loads. */
export function ScreenSkeleton() {
  return <PageSkeleton tiles={3} />;
}
