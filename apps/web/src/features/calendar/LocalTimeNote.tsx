import { Alert, Button, Group, Switch, Text } from "@mantine/core";
import { readLocalTime, type LocalTimeReading } from "@socialplan/domain";
import { formatDay } from "@socialplan/schema";
import { useTranslation } from "react-i18next";

/** The domain's reading of a date and time typed in the workspace's zone, or null while they are incomplete. */
export function readTyped(date: string, time: string, zone: string): LocalTimeReading | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  try {
    return readLocalTime({ date, time }, zone);
  } catch {
    return null;
  }
}

/** "GMT+2" for an instant in a zone: how the two readings of a repeated time differ. */
const offsetOf = (instant: string, zone: string) =>
  new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(new Date(instant)).find((p) => p.type === "timeZoneName")?.value ?? "";

/**
 * Says what the one local-time rule makes of the typed time: a time the clock skips cannot be saved and the two
 * nearest real times are offered; a time that happens twice is the first unless the switch picks the second.
 */
export function LocalTimeNote({ date, time, zone, later, onTime, onLater }: {
  date: string;
  time: string;
  zone: string;
  later: boolean;
  onTime: (time: string) => void;
  onLater: (later: boolean) => void;
}) {
  const { t } = useTranslation();
  const r = readTyped(date, time, zone);
  if (!r || r.kind === "exact") return null;
  // The typed day in words in the messages ("March 8, 2026"), not as the input's ISO value.
  const day = formatDay(t("intlLocale"), date, "long");
  if (r.kind === "skipped") {
    return (
      <Alert color="red" data-testid="time-skipped" title={t("posts.timeSkipped", { time, date: day, zone, gap: r.gapMinutes })}>
        <Group gap="xs">
          {[r.earlierLocal.time, r.laterLocal.time].map((option) => (
            <Button key={option} size="xs" variant="light" onClick={() => onTime(option)}>
              {t("posts.useTime", { time: option })}
            </Button>
          ))}
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="yellow" data-testid="time-twice">
      <Text size="sm">{t("posts.timeTwice", { time, date: day, first: offsetOf(r.earlier, zone), second: offsetOf(r.later, zone) })}</Text>
      <Switch mt="xs" size="sm" checked={later} onChange={(e) => onLater(e.currentTarget.checked)} label={t("posts.useSecond", { time, offset: offsetOf(r.later, zone) })} />
    </Alert>
  );
}
