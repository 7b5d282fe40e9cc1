import { useEffect, useRef, useState } from "react";
import { api, type DirectoryPage, type DirectoryQuery, type UnreadableRecord } from "../api";
import type { DirectoryState } from "../app/directory";
import { customerHref, navigate } from "../app/route";
import { EmptyState } from "../components/EmptyState";
import { ErrorNotice } from "../components/ErrorNotice";
import { formatDateTime, formatNumber } from "../components/format";
import { StatusBadge } from "../components/StatusBadge";
import { useI18n } from "../i18n";
import { useVocabulary } from "../app/vocabulary";
import type { MessageKey } from "../i18n/en";

const ROW_HEIGHT = 56;
const OVERSCAN = 12;
type Sort = DirectoryQuery["sort"];

export function CustomersPage({ directory }: { directory: DirectoryState }) {
  const { t, lang } = useI18n();
  const vocabulary = useVocabulary();
  const [text, setText] = useState("");
  const [customerType, setCustomerType] = useState<string>("");
  const [statuses, setStatuses] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort>("createdDesc");
  const [openId, setOpenId] = useState("");
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [page, setPage] = useState<DirectoryPage | null>(null);
  const [paintedQuery, setPaintedQuery] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const request = useRef(0);

  const { progress, loading, error } = directory;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const count = Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN;

  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Rust filters; only the visible window crosses IPC. The newest request wins, so a
  // slow answer for an old keystroke never overwrites a newer one.
  useEffect(() => {
    const id = ++request.current;
    const query: DirectoryQuery = {
      text,
      customerType: customerType || null,
      statuses,
      sort,
      offset: first,
      limit: count,
      includeUnreadable: false,
    };
    api.queryDirectory(query).then((p) => {
      if (id !== request.current) return;
      setPage(p);
      setPaintedQuery(text);
    });
  }, [text, customerType, statuses, sort, first, count, progress?.loaded]);

  const toggleStatus = (s: string) =>
    setStatuses((current) => (current.includes(s) ? current.filter((x) => x !== s) : [...current, s]));

  const total = page?.totalMatching ?? 0;
  return (
    <div className="directory">
      <div className="page-head">
        <h1 className="page-title">{t("customers.title")}</h1>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (openId.trim()) navigate(customerHref(openId.trim()));
          }}
        >
          <label className="field field--inline">
            <span className="visually-hidden">{t("customers.openById")}</span>
            <input
              placeholder={t("customers.openById")}
              value={openId}
              onChange={(e) => setOpenId(e.target.value)}
              data-testid="open-by-id"
              className="mono"
              size={38}
            />
          </label>
          <button type="submit" className="button button--secondary">
            {t("customers.open")}
          </button>
        </form>
      </div>

      <div className="toolbar" role="search">
        <label className="field field--grow">
          <span className="visually-hidden">{t("customers.search")}</span>
          <input
            type="search"
            placeholder={t("customers.search")}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              listRef.current?.scrollTo({ top: 0 });
              setScrollTop(0);
            }}
            data-testid="directory-search"
          />
        </label>
        <label className="field field--inline">
          <span className="field__label">{t("customers.type")}</span>
          <select value={customerType} onChange={(e) => setCustomerType(e.target.value)} data-testid="filter-type">
            <option value="">{t("customers.type.all")}</option>
            {vocabulary.customerTypes.map((c) => (
              <option key={c} value={c}>
                {t(`customerType.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span className="field__label">{t("customers.sort")}</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} data-testid="sort">
            <option value="createdDesc">{t("customers.sort.createdDesc")}</option>
            <option value="createdAsc">{t("customers.sort.createdAsc")}</option>
            <option value="updatedDesc">{t("customers.sort.updatedDesc")}</option>
            <option value="updatedAsc">{t("customers.sort.updatedAsc")}</option>
          </select>
        </label>
      </div>
      <div className="chips" role="group" aria-label={t("customers.status")}>
        {vocabulary.customerStatuses.map((s) => (
          <button
            key={s}
            type="button"
            className="chip"
            aria-pressed={statuses.includes(s)}
            onClick={() => toggleStatus(s)}
            data-testid={`filter-status-${s}`}
          >
            <StatusBadge status={s} />
          </button>
        ))}
      </div>

      <div className="directory__meta" aria-live="polite">
        {loading && progress && (
          <div className="progress" data-testid="directory-progress">
            <span>
              {progress.total
                ? t("customers.loadingOf", {
                    loaded: formatNumber(progress.loaded, lang),
                    total: formatNumber(progress.total, lang),
                  })
                : t("customers.loading", { loaded: formatNumber(progress.loaded, lang) })}
            </span>
            <progress max={progress.total ?? undefined} value={progress.total ? progress.loaded : undefined} />
          </div>
        )}
        {!loading && progress && (
          <span data-testid="directory-count">
            {t("customers.count", {
              shown: formatNumber(total, lang),
              loaded: formatNumber(page?.totalLoaded ?? progress.loaded, lang),
            })}
          </span>
        )}
        <button
          type="button"
          className="button button--link"
          onClick={directory.reload}
          disabled={loading}
          data-testid="directory-refresh"
        >
          {t("common.refresh")}
        </button>
      </div>
      {error && <ErrorNotice error={error} onRetry={directory.reload} />}
      {page && page.unreadableCount > 0 && <UnreadableRecords count={page.unreadableCount} />}

      <div
        className="directory__list"
        ref={listRef}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="directory-list"
        data-rendered-query={paintedQuery ?? undefined}
        data-total={total}
        role="list"
        aria-label={t("customers.title")}
      >
        {page && total === 0 && !loading && (
          <EmptyState icon="customers" title={t("customers.none.title")} body={t("customers.none.body")} />
        )}
        <div style={{ height: total * ROW_HEIGHT, position: "relative" }}>
          {page?.rows.map((row, i) => (
            <a
              key={row.id}
              role="listitem"
              href={customerHref(row.id)}
              className="row"
              style={{ top: (page.offset + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
              data-testid="customer-row"
              data-customer-id={row.id}
            >
              <span className="row__main">
                <span className="row__name">{row.displayName || "—"}</span>
                <span className="row__sub muted">
                  {t(`customerType.${row.customerType}` as MessageKey)}
                  {" · "}
                  <span className="mono">{row.maskedTaxId}</span>
                  {" · "}
                  {row.email}
                </span>
              </span>
              <span className="row__country muted">{row.country}</span>
              <span className="row__date muted">{formatDateTime(row.createdAt, lang)}</span>
              <StatusBadge status={row.status} />
            </a>
          ))}
        </div>
      </div>
    </div>
  );
}

/** "3 customers could not be read — details": the rest of the directory loaded; the
 * details name each record (page, entry, id when readable, why) for a support ticket. */
function UnreadableRecords({ count }: { count: number }) {
  const { t, tn, lang } = useI18n();
  const [records, setRecords] = useState<UnreadableRecord[] | null>(null);
  return (
    <details
      className="notice notice--info"
      data-testid="directory-unreadable"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && records === null) {
          api.queryDirectory({ text: "", customerType: null, statuses: [], sort: "createdDesc", offset: 0, limit: 0, includeUnreadable: true })
            .then((p) => setRecords(p.unreadable));
        }
      }}
    >
      <summary>{tn("customers.unreadable", count, { count: formatNumber(count, lang) })}</summary>
      {records && (
        <ul className="small">
          {records.map((r) => (
            <li key={`${r.page}:${r.entry}`}>
              {t("customers.unreadable.where", { page: formatNumber(r.page, lang), entry: formatNumber(r.entry, lang) })}
              {r.id && <span className="mono"> · {r.id}</span>} · <span className="mono">{r.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
