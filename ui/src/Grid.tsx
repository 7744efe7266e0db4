// One ledger grid: TanStack Table for columns (order, sizing, visibility,
// sort state) over server-side rows. Rows are fetched in blocks through the
// core's `list` as they scroll into view, so 100k records stay smooth.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type SortingState,
  type VisibilityState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { RecordDto } from "./bindings/RecordDto";
import type { FieldDto } from "./bindings/FieldDto";
import type { GroupCountDto } from "./bindings/GroupCountDto";
import { api } from "./api";
import { ledgerOf, useApp } from "./ctx";
import { blocksFor, defaultWidth, formatValue, loadPrefs } from "./format";
import { Chip } from "./ui";
import { useExporter } from "./Export";

const BLOCK = 200;
/** Field kinds a grid can count its rows by (values from a list or a master). */
const GROUPABLE: FieldDto["kind"][] = ["choice", "status", "person", "org", "priority", "system"];
const ROW_H = 28;

export function Grid({ ledgerKey }: { ledgerKey: string }) {
  const app = useApp();
  const { t } = app;
  const exporter = useExporter();
  const ledger = ledgerOf(app.schema, ledgerKey);
  const fields = ledger.fields;
  const prefKey = `daicho.grid.${ledgerKey}`;
  const prefs = useMemo(
    () => loadPrefs(localStorage.getItem(prefKey), fields.map((f) => f.key)),
    [prefKey, fields],
  );
  const [sorting, setSorting] = useState<SortingState>([]);
  const [sizing, setSizing] = useState<ColumnSizingState>(prefs.widths);
  const [visibility, setVisibility] = useState<VisibilityState>(
    Object.fromEntries(prefs.hidden.map((k) => [k, false])),
  );
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [quick, setQuick] = useState("");
  // Counts per value of one choice/master field (対象システム, 担当者, …).
  const [groupBy, setGroupBy] = useState("");
  const [groups, setGroups] = useState<GroupCountDto[]>([]);
  const [debounced, setDebounced] = useState({ filters, quick });
  const [total, setTotal] = useState<number | null>(null);
  const [blocks, setBlocks] = useState<Map<number, RecordDto[]>>(new Map());
  const [active, setActive] = useState(0);
  const [showCols, setShowCols] = useState(false);
  const [elapsed, setElapsed] = useState<number | null>(null);
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Remember layout.
  useEffect(() => {
    const hidden = Object.entries(visibility).filter(([, v]) => !v).map(([k]) => k);
    localStorage.setItem(prefKey, JSON.stringify({ hidden, widths: sizing }));
  }, [visibility, sizing, prefKey]);

  useEffect(() => {
    // Unchanged (as at mount) keeps the state, so no second query starts.
    const h = setTimeout(
      () => setDebounced((d) => (d.filters === filters && d.quick === quick ? d : { filters, quick })),
      250,
    );
    return () => clearTimeout(h);
  }, [filters, quick]);

  const request = useCallback(
    (offset: number) => ({
      ledger: ledgerKey,
      statuses: [],
      open_only: false,
      overdue: false,
      untriaged: false,
      column_filters: Object.entries(debounced.filters)
        .filter(([, v]) => v.trim())
        .map(([field, value]) => ({ field, value })),
      text: debounced.quick.trim() || null,
      sort: sorting.map((s) => ({ field: s.id, desc: s.desc })),
      offset,
      limit: BLOCK,
      // Counted once per query, with its first block.
      group_by: offset === 0 && groupBy ? groupBy : null,
    }),
    [ledgerKey, debounced, sorting, groupBy],
  );

  const fetchBlock = useCallback(
    async (b: number, gen: number) => {
      if (inflight.current.has(b)) return;
      inflight.current.add(b);
      try {
        const started = performance.now();
        const page = await api.list(request(b * BLOCK));
        if (gen !== generation.current) return;
        if (b === 0) setElapsed(Math.round(performance.now() - started));
        setTotal(page.total);
        if (b === 0) setGroups(page.groups);
        setBlocks((m) => new Map(m).set(b, page.records));
      } catch (e) {
        if (gen === generation.current) app.showError(e as never);
      } finally {
        inflight.current.delete(b);
      }
    },
    [request, app],
  );

  // New query: drop cached rows and fetch the first block.
  useEffect(() => {
    generation.current += 1;
    inflight.current.clear();
    setBlocks(new Map());
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
    void fetchBlock(0, generation.current);
  }, [fetchBlock]);

  const columns = useMemo<ColumnDef<RecordDto>[]>(
    () =>
      fields.map((f) => ({
        id: f.key,
        // Sorting happens in the core; the accessor only marks the column sortable.
        accessorFn: (r: RecordDto) => r.fields[f.key],
        header: f.label,
        sortDescFirst: false,
        size: defaultWidth(f),
        minSize: 50,
        meta: f,
      })),
    [fields],
  );

  const table = useReactTable({
    data: [],
    columns,
    state: { sorting, columnSizing: sizing, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnSizingChange: setSizing,
    onColumnVisibilityChange: setVisibility,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: true,
    columnResizeMode: "onChange",
    getCoreRowModel: getCoreRowModel(),
  });

  const count = total ?? 0;
  const virt = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 20,
  });
  const items = virt.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    for (const b of blocksFor(first, last, BLOCK)) {
      if (!blocks.has(b)) void fetchBlock(b, generation.current);
    }
  }, [first, last, blocks, fetchBlock]);

  // A query's first rows are on screen: a performance mark the benchmark
  // (.ci/bench, tests/e2e_bench.rs) times sort, filter and opening against.
  const firstRows = blocks.get(0);
  useEffect(() => {
    if (!firstRows) return;
    performance.clearMarks("daicho:grid-rows");
    performance.mark("daicho:grid-rows");
  }, [firstRows]);

  const rowAt = (i: number): RecordDto | undefined => blocks.get(Math.floor(i / BLOCK))?.[i % BLOCK];
  const open = (r: RecordDto | undefined) => r && app.go({ page: "record", no: r.no, ledger: ledgerKey });

  const onKey = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_H) - 1);
    let next = active;
    if (e.key === "ArrowDown") next = active + 1;
    else if (e.key === "ArrowUp") next = active - 1;
    else if (e.key === "PageDown") next = active + page;
    else if (e.key === "PageUp") next = active - page;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = count - 1;
    else if (e.key === "Enter") {
      open(rowAt(active));
      return;
    } else return;
    e.preventDefault();
    next = Math.max(0, Math.min(count - 1, next));
    setActive(next);
    virt.scrollToIndex(next, { align: "auto" });
  };

  const visibleCols = table.getVisibleLeafColumns();
  const width = visibleCols.reduce((s, c) => s + c.getSize(), 0);
  const filterInput = (f: FieldDto) => {
    const v = filters[f.key] ?? "";
    const set = (val: string) => setFilters((m) => ({ ...m, [f.key]: val }));
    const opts =
      f.kind === "status"
        ? ledger.statuses
        : f.kind === "choice"
          ? f.options
          : f.kind === "priority"
            ? app.masters.priority
            : f.kind === "system"
              ? app.masters.system
              : null;
    if (opts)
      return (
        <select data-filter={f.key} aria-label={`${f.label} ${t.filter}`} value={v} onChange={(e) => set(e.target.value)}>
          <option value="">{t.all}</option>
          {opts.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
    return <input data-filter={f.key} aria-label={`${f.label} ${t.filter}`} value={v} onChange={(e) => set(e.target.value)} />;
  };

  return (
    <div className="grid-page">
      <div className="toolbar">
        <h2>{ledger.label}</h2>
        <input
          className="quick"
          data-testid="quick-filter"
          placeholder={t.quickFilter}
          value={quick}
          onChange={(e) => setQuick(e.target.value)}
        />
        <span className="count" data-testid="row-count">
          {total === null ? t.loading : t.count(total)}
        </span>
        {elapsed !== null && <span className="muted">({elapsed} ms)</span>}
        <label className="muted">
          {t.groupBy}{" "}
          <select data-testid="group-by" value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">{t.noGroup}</option>
            {fields
              .filter((f) => GROUPABLE.includes(f.kind))
              .map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
          </select>
        </label>
        <span className="spacer" />
        <div className="colchooser">
          <button onClick={() => setShowCols((s) => !s)}>{t.columns}</button>
          {showCols && (
            <div className="colmenu">
              {table.getAllLeafColumns().map((c) => (
                <label key={c.id}>
                  <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
                  {String(c.columnDef.header)}
                </label>
              ))}
            </div>
          )}
        </div>
        <button data-testid="export-ledgers" disabled={exporter.busy} onClick={() => exporter.run((folder) => api.exportLedgers(folder))}>
          {exporter.busy ? t.exporting : t.exportLedgers}
        </button>
        {exporter.dialog}
        <button className="primary" data-testid="new-record" onClick={() => app.go({ page: "new", ledger: ledgerKey })}>
          {ledgerKey === "release" ? t.newRelease : t.newRecord}
        </button>
      </div>
      {groupBy && (
        <div className="groups" data-testid="groups">
          {groups.map((g) => (
            <button
              key={g.value}
              data-group={g.value}
              className={filters[groupBy] === g.value && g.value ? "on" : ""}
              disabled={!g.value}
              title={g.value ? undefined : t.unsetValue}
              onClick={() =>
                setFilters((m) => ({ ...m, [groupBy]: m[groupBy] === g.value ? "" : g.value }))
              }
            >
              {g.value || t.unsetValue} <b>{g.count}</b>
            </button>
          ))}
        </div>
      )}
      <div className="grid" role="grid" aria-rowcount={count} tabIndex={0} onKeyDown={onKey} ref={scrollRef} data-testid="grid">
        <div className="grid-head" style={{ width }}>
          <div className="grid-row head">
            {table.getHeaderGroups()[0].headers.map((h) => {
              const sorted = h.column.getIsSorted();
              return (
                <div key={h.id} className="cell th" style={{ width: h.getSize() }} role="columnheader">
                  <button
                    className="sort"
                    data-sort={h.column.id}
                    data-sorted={sorted || ""}
                    onClick={h.column.getToggleSortingHandler()}
                    title={String(h.column.columnDef.header)}
                  >
                    {String(h.column.columnDef.header)}
                    {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                  </button>
                  <div
                    className={`resizer ${h.column.getIsResizing() ? "on" : ""}`}
                    onMouseDown={h.getResizeHandler()}
                    onDoubleClick={() => h.column.resetSize()}
                  />
                </div>
              );
            })}
          </div>
          <div className="grid-row filters">
            {visibleCols.map((c) => (
              <div key={c.id} className="cell" style={{ width: c.getSize() }}>
                {filterInput((c.columnDef.meta as FieldDto))}
              </div>
            ))}
          </div>
        </div>
        <div style={{ height: virt.getTotalSize(), width, position: "relative" }}>
          {items.map((it) => {
            const r = rowAt(it.index);
            return (
              <div
                key={it.key}
                role="row"
                aria-rowindex={it.index + 1}
                className={`grid-row body ${it.index === active ? "active" : ""} ${it.index % 2 ? "odd" : ""}`}
                style={{ transform: `translateY(${it.start}px)`, height: ROW_H, width }}
                data-no={r?.no}
                onClick={() => setActive(it.index)}
                onDoubleClick={() => open(r)}
              >
                {visibleCols.map((c) => {
                  const f = c.columnDef.meta as FieldDto;
                  const raw = r?.fields[f.key] ?? (f.key === "no" || f.key === "version" ? r?.no : undefined);
                  return (
                    <div key={c.id} className="cell" style={{ width: c.getSize() }} role="gridcell">
                      {!r ? (
                        <span className="placeholder" />
                      ) : f.kind === "status" ? (
                        <Chip ledger={ledger} status={raw ?? ""} />
                      ) : f.key === "no" || f.key === "version" ? (
                        <a onClick={() => open(r)}>{r.no}</a>
                      ) : (
                        formatValue(f.kind, raw)
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
