import type { DraftView } from "../../api";

/** An edit as a function of the draft it applies to, so it can be re-applied to a newer one. */
export type DraftChange = (draft: DraftView) => DraftView;

/**
 * The wizard's form: Rust's last answer with the edits made since applied on top. An answer
 * never drops typing: the edits it had not seen are applied again to what Rust sent (server
 * fields such as the customer id arrive at once, typed fields stay as typed).
 */
export class EditLog {
  private seq = 0;
  private changes: { seq: number; change: DraftChange }[] = [];
  private revision: number;
  current: DraftView;

  constructor(initial: DraftView) {
    this.current = initial;
    this.revision = initial.revision;
  }

  /** Applies an edit; returns the new form. */
  apply(change: DraftChange): DraftView {
    this.seq += 1;
    this.changes.push({ seq: this.seq, change });
    this.current = change(this.current);
    return this.current;
  }

  /** Marks a request: its answer will include every edit made until now. */
  mark(): number {
    return this.seq;
  }

  /** Takes Rust's answer to a request marked at `at`; `null` (and nothing changes) when it
   * was read from an older stored revision than an answer already taken: answers of
   * concurrent calls can arrive out of order. */
  answer(server: DraftView, at: number): DraftView | null {
    if (server.revision < this.revision) return null;
    this.revision = server.revision;
    this.changes = this.changes.filter((c) => c.seq > at);
    this.current = this.changes.reduce((d, c) => c.change(d), server);
    return this.current;
  }

  /** Whether edits were made after `at`. */
  editedSince(at: number): boolean {
    return this.seq > at;
  }
}
