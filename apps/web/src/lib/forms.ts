import type { UseFormReturnType } from "@mantine/form";
import { useState } from "react";
import { formFieldLabel, issuesToFields, translateForm, type Locale } from "@socialplan/schema";
import type { z } from "zod";
import { ApiError } from "../api/client.ts";

/** Validates form values with the same zod schema the server uses, with the same translated messages. */
export function validateWith<S extends z.ZodType>(schema: S, locale: string) {
  return (values: unknown): Record<string, string> => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    return fieldErrors(issuesToFields(result.error.issues as never), locale as Locale);
  };
}

/**
 * How form errors are put in words: with the form messages alone on the first screens (sign-in, Home: a small
 * download), then with all of the server's messages and the strategy questions' names once a later screen has loaded
 * them (`setFormWords`, later-screens-setup.tsx).
 */
let words: { translate: typeof translateForm; fieldLabel: typeof formFieldLabel } = { translate: translateForm, fieldLabel: formFieldLabel };
export function setFormWords(all: typeof words): void {
  words = all;
}

function fieldErrors(issues: { field: string; key: string; params?: Record<string, string | number> }[], locale: Locale) {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.field] ??= words.translate(locale, i.key, { ...i.params, field: words.fieldLabel(locale, i.field) });
  return out;
}

/** The whole message of a failed action that has no form fields to show it beside. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.fields.length ? error.fields.map((f) => f.message).join(" ") : error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Puts an API error's field messages beside the form's fields; returns the message to show above the
 * form, or null when the fields already say it all.
 */
export function applyApiError(error: unknown, setErrors: (errors: Record<string, string>) => void): string | null {
  if (error instanceof ApiError) {
    if (!error.fields.length) return error.message;
    setErrors(Object.fromEntries(error.fields.map((f) => [f.field, f.message])));
    return null;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A form's submit handler that shows API errors on their fields, and the rest above the form. */
export function useFormSubmit<V>(form: UseFormReturnType<V>, action: (values: V) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const onSubmit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await action(values);
    } catch (e) {
      setError(applyApiError(e, form.setErrors));
    }
  });
  return { error, onSubmit };
}
