import { Alert, Badge, Box, Button, Card, Container, Divider, EmptyState, Group, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import type { GuestPost, GuestReview } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { LanguageSwitch } from "../../components/LanguageSwitch.tsx";
import { useFormat } from "../../lib/format.ts";
import { StatusBadge } from "../calendar/StatusBadge.tsx";
import { ActivityThread } from "./ActivityThread.tsx";
import { PostPreviews } from "./PostPreview.tsx";
import { periodLabel } from "./preview.ts";
import { useGuestApi, useGuestReview } from "./review.ts";
import { ReviewBox } from "./ReviewBox.tsx";
import classes from "./review.module.css";

const NAME_KEY = "socialplan.reviewerName";

/**
 * What someone without an account sees through a review link: the posts of a period as each network will show them,
 * with their conversation; they comment, and approve or ask for changes on the posts in review, under the name they
 * give once (kept on this device).
 */
export function GuestReviewPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const review = useGuestReview(token);
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? "");
  const saveName = (value: string) => {
    setName(value);
    localStorage.setItem(NAME_KEY, value);
  };

  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg="white" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={800} size="lg" c="teal.9">
              Socialplan
            </Text>
            <LanguageSwitch loggedIn={false} />
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="lg" component="main">
        {review.isPending ? (
          <Stack>
            <Skeleton h={40} w="60%" />
            <Skeleton h={320} />
          </Stack>
        ) : review.error || !review.data ? (
          <EmptyState
            title={t("approvals.guestInvalidTitle")}
            description={review.error instanceof ApiError && review.error.status !== 0 ? review.error.message : t("approvals.guestInvalidText")}
            variant="light"
            color="orange"
            icon={<span aria-hidden>!</span>}
            py="xl"
            data-testid="review-link-invalid"
          />
        ) : (
          <GuestReviewBody token={token} review={review.data} name={name} onName={saveName} />
        )}
      </Container>
    </Box>
  );
}

function GuestReviewBody({ token, review, name, onName }: { token: string; review: GuestReview; name: string; onName: (name: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat(review.timezone);
  const waiting = review.posts.filter((p) => p.status === "in_review").length;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text size="sm" c="dimmed" fw={600} tt="uppercase">
          {review.workspaceName}
        </Text>
        <Title order={1} size="h2">
          {review.label}
        </Title>
        <Text c="dimmed">
          {t("approvals.guestPeriod", { period: periodLabel(review.from, review.to, t("intlLocale")), zone: review.timezone })}
        </Text>
        <Text size="sm" c="dimmed">
          {t("approvals.guestExpires", { when: f.date(review.expiresAt) })}
        </Text>
      </Stack>
      <NameCard name={name} onName={onName} />
      {review.posts.length === 0 ? (
        <Alert color="gray">{t("approvals.guestNoPosts")}</Alert>
      ) : (
        <>
          <Text fw={600}>{t("approvals.guestSummary", { count: review.posts.length, waiting })}</Text>
          {review.posts.map((p) => (
            <GuestPostCard key={p.id} token={token} post={p} workspaceName={review.workspaceName} timeZone={review.timezone} name={name} />
          ))}
        </>
      )}
    </Stack>
  );
}

/** The reviewer's name, asked once and kept on this device; every comment and decision carries it. */
function NameCard({ name, onName }: { name: string; onName: (name: string) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(!name);
  const [value, setValue] = useState(name);
  if (!editing && name) {
    return (
      <Group gap="xs">
        <Text size="sm">{t("approvals.guestAs", { name })}</Text>
        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)}>
          {t("approvals.guestChangeName")}
        </Button>
      </Group>
    );
  }
  return (
    <Card withBorder radius="md" padding="md" maw={520}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!value.trim()) return;
          onName(value.trim());
          setEditing(false);
        }}
      >
        <Group align="end" gap="xs" wrap="nowrap">
          <TextInput label={t("approvals.guestName")} description={t("approvals.guestNameHint")} value={value} onChange={(e) => setValue(e.currentTarget.value)} maxLength={100} style={{ flex: 1 }} autoComplete="name" />
          <Button type="submit" disabled={!value.trim()}>
            {t("approvals.guestSaveName")}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function GuestPostCard({ token, post, workspaceName, timeZone, name }: { token: string; post: GuestPost; workspaceName: string; timeZone: string; name: string }) {
  const { t } = useTranslation();
  const f = useFormat(timeZone);
  const api = useGuestApi(token);
  const inReview = post.status === "in_review";
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={post.title || t("posts.untitled")} data-testid="guest-post">
      <Stack gap="md">
        <Group justify="space-between" align="start" wrap="wrap" gap="xs">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={2} size="h4" style={{ overflowWrap: "anywhere" }}>
              {post.title || post.channels[0]?.text.split("\n")[0]?.slice(0, 80) || t("posts.untitled")}
            </Title>
            <Text size="sm" c="dimmed">
              {post.scheduledAt ? t("approvals.goesOut", { when: f.dateTime(post.scheduledAt), zone: timeZone }) : t("approvals.noTimeLong")}
            </Text>
          </Stack>
          {inReview ? (
            <Badge color="yellow" variant="filled">
              {t("approvals.guestWaiting")}
            </Badge>
          ) : (
            <StatusBadge status={post.status} />
          )}
        </Group>
        <div className={classes.guestPost}>
          <PostPreviews post={post} accountName={workspaceName} timeZone={timeZone} />
          <Stack gap="sm">
            <Divider label={t("approvals.activity")} labelPosition="left" />
            <ActivityThread activity={post.activity} names={[]} timeZone={timeZone} />
            <ReviewBox
              names={[]}
              canDecide
              inReview={inReview}
              blocked={name ? null : t("approvals.guestNameFirst")}
              onComment={(body) => api.comment(post.id, name, body)}
              onApprove={(note) => api.approve(post.id, name, note)}
              onRequestChanges={(note) => api.requestChanges(post.id, name, note)}
            />
          </Stack>
        </div>
      </Stack>
    </Card>
  );
}
