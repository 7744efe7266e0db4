// Global search (Ctrl+K) over every ledger through the core's bigram index.
import { useEffect, useRef, useState } from "react";
import type { SearchHitDto } from "./bindings/SearchHitDto";
import { api } from "./api";
import { ledgerOf, useApp } from "./ctx";
import { Chip, Modal } from "./ui";

export function Search({ onClose }: { onClose: () => void }) {
  const app = useApp();
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<SearchHitDto[]>([]);
  const [sel, setSel] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (!q.trim()) {
      setHits([]);
      return;
    }
    const h = setTimeout(() => {
      api.search(q).then((r) => {
        setHits(r);
        setSel(0);
      }, (e) => app.showError(e));
    }, 150);
    return () => clearTimeout(h);
  }, [q, app]);
  const open = (h: SearchHitDto | undefined) => {
    if (!h) return;
    onClose();
    app.go({ page: "record", no: h.no, ledger: h.ledger });
  };
  return (
    <Modal title={app.t.search} onClose={onClose} testId="search">
      <input
        ref={input}
        className="search-input"
        data-testid="search-input"
        placeholder={app.t.searchPlaceholder}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setSel((s) => Math.min(hits.length - 1, s + 1));
          else if (e.key === "ArrowUp") setSel((s) => Math.max(0, s - 1));
          else if (e.key === "Enter") open(hits[sel]);
          else if (e.key === "Escape") onClose();
          else return;
          e.preventDefault();
        }}
      />
      <ul className="hits">
        {q.trim() && hits.length === 0 && <li className="muted">{app.t.noResults}</li>}
        {hits.map((h, i) => (
          <li key={h.ledger + h.no} className={i === sel ? "sel" : ""} onClick={() => open(h)}>
            <b>{h.no}</b> {h.title} <Chip ledger={ledgerOf(app.schema, h.ledger)} status={h.status} />
            <span className="muted"> {ledgerOf(app.schema, h.ledger).label}</span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
