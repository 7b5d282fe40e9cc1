import type { FieldError } from "../../api";

/**
 * Which of Rust's live field errors the form shows: a field's own problem once the analyst
 * has touched it, every problem of a step once its action was tried. A fresh step is quiet;
 * its summary (Rust's `missing`) still says what is left. Errors an action returned are
 * always shown, where they belong.
 */
export function shownErrors(
  live: FieldError[],
  fromAction: FieldError[],
  touched: ReadonlySet<string>,
  stepTried: boolean,
): Map<string, string> {
  const shown = new Map<string, string>();
  for (const f of fromAction) if (!shown.has(f.field)) shown.set(f.field, f.message);
  for (const f of live) {
    if (shown.has(f.field)) continue;
    if (stepTried || touched.has(f.field)) shown.set(f.field, f.message);
  }
  return shown;
}

/** The field an input event came from: its own `data-field`, or its group's (checkboxes). */
export function fieldOf(target: EventTarget | null): string | null {
  return target instanceof Element ? (target.closest("[data-field]")?.getAttribute("data-field") ?? null) : null;
}
