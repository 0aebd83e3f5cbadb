import { useMediaQuery } from "@mantine/hooks";

/** A phone-sized screen (under Mantine's `sm`, 48em): one column, filters folded, sheets from the bottom. */
export const usePhone = (): boolean => useMediaQuery("(max-width: 48em)") ?? false;

/** A screen too narrow for a dialog with margins (under `xs`, 36em): dialogs take the whole screen there. */
export const useFullScreenDialog = (): boolean => useMediaQuery("(max-width: 36em)") ?? false;
