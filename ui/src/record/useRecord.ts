// The record view's state: the loaded detail and history, the values being
// edited with their validation messages, the unsaved-change flag, and save
// (create or edit).
import { useCallback, useEffect, useMemo, useState } from "react";
import type { DetailDto } from "../bindings/DetailDto";
import type { HistoryDto } from "../bindings/HistoryDto";
import type { LedgerDto } from "../bindings/LedgerDto";
import { api } from "../api";
import { useApp } from "../ctx";
import { changedFields, validateAll, validateField } from "../format";

export function useRecord(no: string | null, ledger: LedgerDto) {
  const app = useApp();
  const [detail, setDetail] = useState<DetailDto | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [history, setHistory] = useState<HistoryDto[]>([]);
  const [flash, setFlash] = useState("");
  const [newVersion, setNewVersion] = useState("");

  const isNew = no === null;
  const original = useMemo(() => detail?.record.fields ?? {}, [detail]);

  const load = useCallback(async () => {
    if (!no) {
      const defaults: Record<string, string> = {};
      if (ledger.fields.some((f) => f.key === "raised_on")) defaults.raised_on = app.today;
      setValues(defaults);
      return;
    }
    try {
      const d = await api.detail(no);
      setDetail(d);
      setValues({ ...d.record.fields });
      setErrors({});
      setHistory(await api.history(no));
    } catch (e) {
      app.showError(e as never);
    }
  }, [no, ledger, app]);

  useEffect(() => {
    void load();
  }, [load]);

  const dirty = isNew
    ? Object.entries(values).some(([k, v]) => v && !(k === "raised_on" && v === app.today))
    : Object.keys(changedFields(original, values)).length > 0;
  useEffect(() => {
    app.setDirty(dirty);
    return () => app.setDirty(false);
  }, [dirty, app]);

  /** Sets one field and checks it at once. */
  const set = (k: string, v: string) => {
    setValues((m) => ({ ...m, [k]: v }));
    const f = ledger.fields.find((x) => x.key === k);
    if (f) setErrors((e) => ({ ...e, [k]: validateField(f, v) ?? "" }));
  };

  const save = async () => {
    const errs = validateAll(ledger.fields, values);
    setErrors(errs);
    if (Object.values(errs).some(Boolean)) {
      app.showError({ kind: "invalid", message: Object.values(errs).filter(Boolean).join(" ") });
      return;
    }
    try {
      if (isNew) {
        const editable = Object.fromEntries(
          Object.entries(values).filter(([k, v]) => v && !ledger.fields.find((f) => f.key === k)?.system),
        );
        // A release's version is one of its inputs; the core takes it from there.
        const inputs = ledger.key === "release" && !editable.version && newVersion ? { ...editable, version: newVersion } : editable;
        const rec = await api.create(ledger.key, inputs);
        app.setDirty(false);
        app.showError(null);
        app.go({ page: "record", no: rec.no, ledger: ledger.key });
      } else {
        const changes = changedFields(original, values);
        delete changes.version;
        await api.edit(no, changes);
        app.showError(null);
        setFlash(app.t.saved);
        await load();
      }
    } catch (e) {
      app.showError(e as never);
    }
  };

  return { detail, values, errors, history, flash, isNew, dirty, newVersion, setNewVersion, set, save, load };
}
