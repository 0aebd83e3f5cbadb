import { Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A screen's title and intro while it loads: the same height as PageHeader. */
export function HeaderSkeleton() {
  return (
    <Stack gap={8}>
      <Skeleton h={30} w={260} radius="sm" />
      <Skeleton h={14} w="min(640px, 90%)" />
    </Stack>
  );
}

/** Cards of figures (totals, tiles) while they load. */
export function TilesSkeleton({ count = 4 }: { count?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: count }}>
      {Array.from({ length: count }, (_, i) => (
        <Card key={i} withBorder padding="md">
          <Skeleton h={10} w="50%" mb={10} />
          <Skeleton h={24} w="70%" />
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Cards with a few lines each (goals, channels, reports) while they load. */
export function CardsSkeleton({ count = 2, cols = 2, lines = 3 }: { count?: number; cols?: number; lines?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, md: cols }}>
      {Array.from({ length: count }, (_, i) => (
        <Card key={i} withBorder padding="md">
          <Group justify="space-between" mb="sm">
            <Skeleton h={18} w="45%" />
            <Skeleton h={18} w={80} radius="xl" />
          </Group>
          <Stack gap={8}>
            {Array.from({ length: lines }, (_, j) => (
              <Skeleton key={j} h={j === 1 ? 8 : 12} w={j === 1 ? "100%" : `${80 - j * 15}%`} />
            ))}
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** A table or a sheet while it loads: a header row and a few rows. */
export function TableSkeleton({ rows = 6, height = 16 }: { rows?: number; height?: number }) {
  return (
    <Card withBorder padding="md">
      <Stack gap={12}>
        <Skeleton h={height + 4} />
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} h={height} w={i % 3 === 2 ? "85%" : "100%"} />
        ))}
      </Stack>
    </Card>
  );
}

/** A whole screen while its data loads: title, a row of tiles and a block of content. */
export function PageSkeleton({ tiles = 0, children }: { tiles?: number; children?: ReactNode }) {
  return (
    <Stack gap="lg" aria-busy="true" data-testid="page-skeleton">
      <HeaderSkeleton />
      {tiles > 0 && <TilesSkeleton count={tiles} />}
      {children ?? <TableSkeleton />}
    </Stack>
  );
}

/** What an empty screen or list says: what it is for, what to do first, and the button that does it. */
export function EmptyState({ title, body, children, testId }: { title: string; body?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <Card withBorder padding="xl" data-testid={testId ?? "empty-state"}>
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h4">
          {title}
        </Title>
        {body && (
          <Text c="dimmed" maw={640}>
            {body}
          </Text>
        )}
        {children && <Group gap="sm">{children}</Group>}
      </Stack>
    </Card>
  );
}
