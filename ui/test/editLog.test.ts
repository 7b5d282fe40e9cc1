import { describe, expect, it } from "vitest";
import type { DraftView } from "../src/api";
import { EditLog } from "../src/pages/wizard/editLog";

const draft = (over: Partial<DraftView> = {}): DraftView =>
  ({
    id: "d1",
    step: "customer",
    customerId: null,
    customer: { name: "", email: "" },
    revision: 1,
    ...over,
  }) as unknown as DraftView;

const setName = (name: string) => (d: DraftView) => ({ ...d, customer: { ...d.customer, name } });
const setEmail = (email: string) => (d: DraftView) => ({ ...d, customer: { ...d.customer, email } });

describe("EditLog", () => {
  it("keeps what was typed while a request was in flight and takes the server's fields", () => {
    const log = new EditLog(draft());
    log.apply(setName("Ana"));
    const at = log.mark();
    log.apply(setEmail("ana@example.com"));
    // The answer saw the name but not the email, and carries a server field.
    const merged = log.answer(draft({ customerId: "c1", customer: { name: "Ana", email: "" } } as never), at);
    expect(merged?.customerId).toBe("c1");
    expect(merged?.customer.name).toBe("Ana");
    expect(merged?.customer.email).toBe("ana@example.com");
  });

  it("drops edits an answer already includes, so they are not applied twice", () => {
    const log = new EditLog(draft({ parties: [] } as never));
    const add = (d: DraftView) => ({ ...d, parties: [...d.parties, { localId: "" }] }) as DraftView;
    log.apply(add);
    const at = log.mark();
    const merged = log.answer(draft({ parties: [{ localId: "p1" }] } as never), at);
    expect(merged?.parties).toHaveLength(1);
    expect(log.editedSince(at)).toBe(false);
  });

  it("ignores an answer read from an older revision than one already taken", () => {
    const log = new EditLog(draft());
    log.apply(setName("Ana"));
    const atUpload = log.mark();
    log.apply(setEmail("ana@example.com"));
    const atSave = log.mark();
    // The save's answer (revision 3) arrives before the upload's (revision 2, read before
    // the save was stored): the older one must not bring the form back.
    log.answer(draft({ revision: 3, customer: { name: "Ana", email: "ana@example.com" } } as never), atSave);
    expect(log.answer(draft({ revision: 2, customer: { name: "Ana", email: "" } } as never), atUpload)).toBeNull();
    expect(log.current.customer.email).toBe("ana@example.com");
  });

  it("applies two edits made in one tick to the newest form, not to a stale copy", () => {
    const log = new EditLog(draft());
    log.apply(setName("Ana"));
    log.apply(setEmail("a@b.co"));
    expect(log.current.customer.name).toBe("Ana");
    expect(log.current.customer.email).toBe("a@b.co");
  });
});
