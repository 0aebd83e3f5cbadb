import type { Entry } from "@socialplan/schema";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";

export type SaveState = "idle" | "pending" | "saving" | "saved" | "error" | "conflict";

export interface Autosave {
  data: Record<string, unknown>;
  set: (field: string, value: unknown) => void;
  state: SaveState;
  /** Field errors from the last refused save, by field path below `data.` ("timebound.deadline"). */
  errors: Record<string, string>;
  message: string | null;
  /** The version someone else saved, when a save was refused because of it. */
  theirs: Entry | null;
  keepMine: () => void;
  takeTheirs: () => void;
  saveNow: () => Promise<void>;
}

const DELAY_MS = 800;

/**
 * Edits a record locally and saves it shortly after typing stops, always naming the version it started from.
 * A refused save keeps the user's text: field errors are shown beside their fields, and a conflict offers
 * both versions. When nothing is being edited, a newer version from the server (another member) is taken in.
 */
export function useAutosave(entry: Entry | undefined, save: (version: number, data: Record<string, unknown>) => Promise<Entry>): Autosave {
  const [data, setData] = useState<Record<string, unknown>>(entry?.data ?? {});
  const [state, setState] = useState<SaveState>("idle");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<Entry | null>(null);
  const version = useRef(entry?.version ?? 0);
  const latest = useRef(data);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inConflict = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;

  // Take in a newer version from the server while the user has nothing unsaved.
  useEffect(() => {
    if (entry && entry.version > version.current && !dirty.current && state !== "conflict") {
      version.current = entry.version;
      latest.current = entry.data;
      setData(entry.data);
    }
  }, [entry, state]);

  const inFlight = useRef<Promise<void> | null>(null);

  const run = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    // One save at a time: the next one must name the version the previous one created.
    while (inFlight.current) await inFlight.current;
    if (!dirty.current) return;
    const done = saveOnce();
    inFlight.current = done;
    await done;
    inFlight.current = null;
  }, []);

  const saveOnce = async () => {
    dirty.current = false;
    setState("saving");
    try {
      const saved = await saveRef.current(version.current, latest.current);
      version.current = saved.version;
      setErrors({});
      setMessage(null);
      setState(dirty.current ? "pending" : "saved");
    } catch (e) {
      dirty.current = true;
      if (e instanceof ApiError && e.status === 409) {
        inConflict.current = true;
        setTheirs((e.body.current as Entry | null) ?? null);
        setMessage(e.message);
        setState("conflict");
      } else if (e instanceof ApiError && e.fields.length) {
        setErrors(Object.fromEntries(e.fields.map((f) => [f.field.replace(/^data\./, ""), f.message])));
        setMessage(e.message);
        setState("error");
      } else {
        setMessage(e instanceof Error ? e.message : String(e));
        setState("error");
      }
    }
  };

  useEffect(() => () => clearTimeout(timer.current), []);
  // Save what is pending when the page is left.
  useEffect(() => () => void run(), [run]);

  const set = useCallback(
    (field: string, value: unknown) => {
      const next = { ...latest.current };
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete next[field];
      else next[field] = value;
      latest.current = next;
      dirty.current = true;
      setData(next);
      if (inConflict.current) return;
      setState("pending");
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void run(), DELAY_MS);
    },
    [run],
  );

  return {
    data,
    set,
    state,
    errors,
    message,
    theirs,
    saveNow: run,
    keepMine: () => {
      // Save mine on top of the version now saved: a deliberate choice, recorded as a new revision.
      inConflict.current = false;
      version.current = theirs?.version ?? 0;
      setTheirs(null);
      setState("pending");
      dirty.current = true;
      void run();
    },
    takeTheirs: () => {
      inConflict.current = false;
      version.current = theirs?.version ?? 0;
      latest.current = theirs?.data ?? {};
      dirty.current = false;
      setData(latest.current);
      setTheirs(null);
      setMessage(null);
      setState("idle");
    },
  };
}
