import { Alert, Button, CopyButton, Divider, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { addDays, utcToZoned } from "@socialplan/domain";
import type { ReviewLink, Workspace } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useReviewLinkApi, useReviewLinks } from "./review.ts";
import { useFullScreenDialog } from "../../components/use-phone.ts";

/** The coming four weeks from today in the workspace's zone, as the period a new review link covers by default. */
export function comingWeeks(now: Date, timeZone: string): { from: string; to: string } {
  const from = utcToZoned(now, timeZone).date;
  return { from, to: addDays(from, 27) };
}

/** A link may be relative to the app ("/review/…"); the reviewer needs the whole address. */
export const absoluteUrl = (url: string, origin: string) => (url.startsWith("/") ? `${origin}${url}` : url);

/**
 * Sharing the posts of a period with someone without an account: a signed link that expires, shown once when made
 * (it is not stored), and the links still working, each of which can be revoked.
 */
export function ShareDialog({ workspace, onClose }: { workspace: Workspace; onClose: () => void }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const f = useFormat(workspace.timezone);
  const links = useReviewLinks(workspace.id, true);
  const api = useReviewLinkApi(workspace.id);
  const period = comingWeeks(new Date(), workspace.timezone);
  const [form, setForm] = useState({ label: "", from: period.from, to: period.to, days: 14 as number | string });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const active = (links.data ?? []).filter((l) => !l.revoked && l.expiresAt > new Date().toISOString());

  const create = async () => {
    setErrors({});
    setBusy(true);
    try {
      const link = await api.create({ label: form.label.trim(), from: form.from, to: form.to, days: typeof form.days === "number" ? form.days : Number(form.days) || 14 });
      setMade(link.url ? absoluteUrl(link.url, window.location.origin) : null);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((x) => [x.field, x.message])));
      else setErrors({ form: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={t("approvals.shareTitle")} fullScreen={fullScreen}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("approvals.shareIntro")}
        </Text>
        {made ? (
          <Alert color="teal" title={t("approvals.linkMade")}>
            <Stack gap="xs">
              <Text size="sm">{t("approvals.linkOnce")}</Text>
              <Group gap="xs" wrap="nowrap">
                <TextInput value={made} readOnly aria-label={t("approvals.linkAddress")} style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} data-testid="review-link-url" />
                <CopyButton value={made}>
                  {({ copied, copy }) => (
                    <Button onClick={copy} color={copied ? "teal" : undefined}>
                      {copied ? t("approvals.copied") : t("approvals.copy")}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Button variant="subtle" size="xs" w="fit-content" onClick={() => { setMade(null); setForm({ ...form, label: "" }); }}>
                {t("approvals.another")}
              </Button>
            </Stack>
          </Alert>
        ) : (
          <Stack gap="sm">
            {errors.form && <Alert color="red">{errors.form}</Alert>}
            <TextInput label={t("approvals.linkLabel")} description={t("approvals.linkLabelHint")} value={form.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })} error={errors.label} required data-autofocus />
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <TextInput type="date" label={t("approvals.from")} value={form.from} onChange={(e) => setForm({ ...form, from: e.currentTarget.value })} error={errors.from} />
              <TextInput type="date" label={t("approvals.to")} value={form.to} onChange={(e) => setForm({ ...form, to: e.currentTarget.value })} error={errors.to} />
              <NumberInput label={t("approvals.validDays")} min={1} max={60} value={form.days} onChange={(v) => setForm({ ...form, days: v })} error={errors.days} />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button loading={busy} disabled={!form.label.trim() || !form.from || !form.to} onClick={() => void create()}>
                {t("approvals.createLink")}
              </Button>
            </Group>
          </Stack>
        )}
        <Divider label={t("approvals.activeLinks")} labelPosition="left" />
        {active.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("approvals.noLinks")}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="review-links">
            {active.map((l) => (
              <LinkRow key={l.id} link={l} expires={f.date(l.expiresAt)} onRevoke={() => void api.revoke(l.id).catch(notifyError)} />
            ))}
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}

function LinkRow({ link, expires, onRevoke }: { link: ReviewLink; expires: string; onRevoke: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate>
          {link.label}
        </Text>
        <Text size="xs" c="dimmed">
          {t("approvals.linkPeriodRange", { period: f.dayRange(link.from, link.to), expires })}
        </Text>
      </div>
      <Button size="xs" variant="subtle" color="red" onClick={onRevoke} aria-label={t("approvals.revokeNamed", { label: link.label })}>
        {t("approvals.revoke")}
      </Button>
    </Group>
  );
}
