// The only door from the UI to Rust. Components import from here, never from
// `@tauri-apps/api/core`; the functions below wrap the generated bindings and turn the
// `{ status: "error" }` arm into a thrown `AppError` that carries the typed `DeskError`.
import { commands, type AppInfo, type DeskError } from "../bindings";

export type { AppInfo, DeskError };
export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly detail: DeskError;
  constructor(detail: DeskError) {
    super(detail.message);
    this.name = "AppError";
    this.detail = detail;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: DeskError };

async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const outcome = await call;
  if (outcome.status === "error") throw new AppError(outcome.error);
  return outcome.data;
}

/** Any failure (ours or a framework rejection such as an ACL denial) as a DeskError. */
export function toDeskError(error: unknown): DeskError {
  if (error instanceof AppError) return error.detail;
  const message = error instanceof Error ? error.message : String(error);
  return { code: "internal", message };
}

/** Field-level problems of an error, empty for errors that are not about inputs. */
export function fieldErrors(error: DeskError | null | undefined): FieldError[] {
  if (!error) return [];
  return "fields" in error ? error.fields : [];
}

export const api = {
  appInfo: () => unwrap(commands.appInfo()),
};
