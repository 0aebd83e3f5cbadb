import type { ErrorResponse } from "@socialplan/schema";
import i18n from "../i18n/index.ts";

/** An error answered by the API, already translated by the server into the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; code: string; message: string }[] = [],
    /** The whole answer, for errors that carry more (a conflict carries the version saved now). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** The CSRF token every write carries (fetched once per session). */
export async function csrf(): Promise<string> {
  if (!csrfToken) {
    const res = await fetch("/api/auth/csrf", { credentials: "same-origin" });
    csrfToken = ((await res.json()) as { token: string }).token;
  }
  return csrfToken;
}

/** Calls the API with the session cookie, the CSRF token on writes and the chosen language. */
export async function api<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { "x-locale": i18n.language };
  if (method !== "GET") headers["x-csrf-token"] = await csrf();
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(`/api${url}`, {
      method,
      headers,
      credentials: "same-origin",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw networkError();
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (data as ErrorResponse | null)?.error;
    if (error?.code === "request.csrf" && !retried) {
      csrfToken = undefined;
      return api<T>(method, url, body, true);
    }
    throw apiError(res.status, data);
  }
  return data as T;
}

/** The server could not be reached at all. */
export const networkError = () => new ApiError(0, "network", i18n.t("errors.network"));

/** The error a failed answer carries (already translated by the server), or a generic one when it carries none. */
export function apiError(status: number, data: unknown): ApiError {
  const error = (data as ErrorResponse | null)?.error;
  return new ApiError(status, error?.code ?? "unknown", error?.message ?? i18n.t("errors.unknown"), error?.fields ?? [], (data ?? {}) as Record<string, unknown>);
}

/**
 * Sends a file as the raw body of a POST with the upload's progress (XMLHttpRequest: fetch has no upload progress),
 * with the CSRF token and the language like every API call; answers the JSON body or rejects with an ApiError.
 */
export async function uploadWithProgress<T>(url: string, contentType: string, file: File, onProgress: (share: number) => void): Promise<T> {
  const token = await csrf();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", contentType);
    xhr.setRequestHeader("x-csrf-token", token);
    xhr.setRequestHeader("x-locale", i18n.language);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: handled below
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(apiError(xhr.status, data));
    };
    xhr.send(file);
  });
}

export const get = <T>(url: string) => api<T>("GET", url);
export const post = <T>(url: string, body: unknown = {}) => api<T>("POST", url, body);
export const patch = <T>(url: string, body: unknown) => api<T>("PATCH", url, body);
export const put = <T>(url: string, body: unknown) => api<T>("PUT", url, body);
export const del = (url: string) => api<void>("DELETE", url);

/** After login or logout the CSRF secret cookie may change. */
export function resetCsrf(): void {
  csrfToken = undefined;
}
