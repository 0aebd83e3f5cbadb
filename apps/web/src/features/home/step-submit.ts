import type { UseFormReturnType } from "@mantine/form";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";

/**
 * A short form's submit handler: the API's field errors beside the form's own fields (`fields` names the request
 * field each form field is sent as), everything else — and errors about fields the short form does not show — above it.
 */
export function useStepSubmit<V extends Record<string, unknown>>(form: UseFormReturnType<V>, fields: Record<string, keyof V & string>, action: (values: V) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const onSubmit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await action(values);
    } catch (e) {
      if (!(e instanceof ApiError) || !e.fields.length) {
        setError(e instanceof Error ? e.message : String(e));
        return;
      }
      const beside: Record<string, string> = {};
      const above: string[] = [];
      for (const f of e.fields) {
        const key = fields[f.field] ?? Object.entries(fields).find(([prefix]) => f.field.startsWith(`${prefix}.`))?.[1];
        if (key && !beside[key]) beside[key] = f.message;
        else if (!key) above.push(f.message);
      }
      form.setErrors(beside);
      setError(above.length ? above.join(" ") : null);
    }
  });
  return { error, onSubmit };
}
