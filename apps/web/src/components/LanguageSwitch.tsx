import { SegmentedControl } from "@mantine/core";
import type { Locale } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { patch } from "../api/client.ts";
import { meKey } from "../features/auth/session.ts";
import { setLocale } from "../i18n/index.ts";

/** Switches the language at once; for a logged-in user the choice is saved to the account. */
export function LanguageSwitch({ loggedIn }: { loggedIn: boolean }) {
  const { i18n, t } = useTranslation();
  const client = useQueryClient();
  const change = async (value: string) => {
    const locale = value as Locale;
    setLocale(locale);
    if (loggedIn) {
      await patch("/auth/me", { locale });
      await client.invalidateQueries({ queryKey: meKey });
    }
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("language.label")}
      value={i18n.language}
      onChange={(v) => void change(v)}
      data={[
        { value: "en", label: "English" },
        { value: "ko", label: "한국어" },
      ]}
    />
  );
}
