import { notifications } from "@mantine/notifications";
import { ApiError } from "../api/client.ts";

/** Shows a failed action's (already translated) message where no form can hold it. */
export const notifyError = (e: unknown) => notifications.show({ color: "red", message: e instanceof ApiError ? e.message : String(e) });
