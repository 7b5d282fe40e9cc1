import { useState } from "react";
import type { RfiView } from "../../api";
import { useI18n } from "../../i18n";

type Checklist = NonNullable<RfiView["checklist"]>;
type Group = Checklist["groups"][number];
type Item = Group["items"][number];

/** The most specific tip Rust's label dictionary has for an item: its own sub-labels
 * come last in `explained`, then the group's; none for labels the dictionary lacks. */
function tipFor(item: Item, group: Group): string | null {
  const known = [...group.explained, ...item.explained].filter((e) => e.code !== null);
  return known.at(-1)?.tip ?? null;
}

/** A short message for the end customer: what to send again and how, from the open
 * items and the dictionary's tips — never the reviewer's comment word for word. */
export function CustomerMessage({
  view,
  title,
}: {
  view: RfiView;
  title: (item: Item) => string;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const checklist = view.checklist;
  if (!checklist) return null;
  const open = checklist.groups.flatMap((g) =>
    g.items.filter((i) => !view.done.some((d) => d.itemId === i.id)).map((i) => ({ g, i })),
  );
  if (open.length === 0) return null;
  const lines = open.map(({ g, i }) => {
    const who = g.partyId ? ` (${g.ownerName})` : "";
    return `• ${title(i)}${who}: ${tipFor(i, g) ?? t("message.genericTip")}`;
  });
  const text = [t("message.greeting"), "", ...lines, "", t("message.closing")].join("\n");
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  return (
    <section className="card" aria-labelledby="customer-message" data-testid="customer-message">
      <h2 id="customer-message">{t("message.title")}</h2>
      <p className="muted small">{t("message.hint")}</p>
      <textarea readOnly value={text} rows={text.split("\n").length + lines.length} className="customer-message__text" aria-labelledby="customer-message" data-testid="customer-message-text" />
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void copy()} data-testid="customer-message-copy">
          {copied ? t("message.copied") : t("message.copy")}
        </button>
      </div>
    </section>
  );
}
