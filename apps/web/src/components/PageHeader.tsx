import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePhone } from "./use-phone.ts";

/**
 * A screen's title, with an optional line of explanation and something beside the title (a badge). On a phone a long
 * explanation shows its first two lines and "More", so that the screen itself starts above the fold.
 */
export function PageHeader({ title, intro, aside }: { title: string; intro?: string; aside?: ReactNode }) {
  const { t } = useTranslation();
  const phone = usePhone();
  const [more, setMore] = useState(false);
  const folded = phone && !more;
  // "More" only when the two lines actually cut the text.
  const text = useRef<HTMLParagraphElement>(null);
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    const el = text.current;
    setCut(!!el && folded && el.scrollHeight > el.clientHeight + 1);
  }, [folded, intro]);
  return (
    <Stack gap={4}>
      <Group>
        <Title order={1} size="h2">
          {title}
        </Title>
        {aside}
      </Group>
      {intro && (
        <Text ref={text} c="dimmed" maw={760} lineClamp={folded ? 2 : undefined}>
          {intro}
        </Text>
      )}
      {cut && (
        <Anchor component="button" type="button" size="sm" ta="left" onClick={() => setMore(true)}>
          {t("common.more")}
        </Anchor>
      )}
    </Stack>
  );
}
