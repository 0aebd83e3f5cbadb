import type { Locale } from "../locale.ts";
import { fields as enFields, validation as enValidation } from "./form-messages.en.ts";
import { fields as koFields, validation as koValidation } from "./form-messages.ko.ts";
import { fill, lastSegment, lookup, type MessageParams } from "./lookup.ts";

/**
 * What a form needs to say what is wrong with a field, without the rest of the server's messages (errors, e-mails,
 * network words) or the strategy catalog: the first screens (sign-in, Home) validate their forms with these alone, so
 * their download stays small. `translate` and `fieldLabel` (translate.ts) know everything, these included.
 */
const FORM = { en: { validation: enValidation, fields: enFields }, ko: { validation: koValidation, fields: koFields } } as const;

/** A form message ("validation.email") in the language, filled; the key itself when it is not a form message. */
export function translateForm(locale: Locale, key: string, params: MessageParams = {}): string {
  return fill(lookup(FORM[locale], key) ?? lookup(FORM.en, key) ?? key, params);
}

/** A request field's label from the form messages, or the field path itself. */
export function formFieldLabel(locale: Locale, path: string): string {
  return lookup(FORM[locale], `fields.${lastSegment(path)}`) ?? path;
}
