// One child table of a record (タイムライン, 調査結果, …): rows shown, edited
// inline and removed, plus a draft row to add.
import { useState } from "react";
import type { ChildDto } from "../bindings/ChildDto";
import type { DetailDto } from "../bindings/DetailDto";
import { api } from "../api";
import { useApp } from "../ctx";
import { changedFields, formatValue, validateAll } from "../format";
import { FieldInput } from "../ui";

export function ChildTable(props: { no: string; def: ChildDto; detail: DetailDto; reload: () => Promise<void> }) {
  const app = useApp();
  const rows = props.detail.children[props.def.key] ?? [];
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<number | null>(null);
  const [edit, setEdit] = useState<Record<string, string>>({});
  const saveEdit = async (id: number, before: Record<string, string>) => {
    const errs = validateAll(props.def.columns, edit);
    if (Object.keys(errs).length) {
      app.showError({ kind: "invalid", message: Object.values(errs).join(" ") });
      return;
    }
    try {
      await api.editChild(props.no, props.def.key, id, changedFields(before, edit));
      setEditing(null);
      app.showError(null);
      await props.reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
  const add = async () => {
    const errs = validateAll(props.def.columns, draft);
    if (Object.keys(errs).length) {
      app.showError({ kind: "invalid", message: Object.values(errs).join(" ") });
      return;
    }
    try {
      await api.addChild(props.no, props.def.key, Object.fromEntries(Object.entries(draft).filter(([, v]) => v)));
      setDraft({});
      app.showError(null);
      await props.reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <div className="children" data-testid={`child-${props.def.key}`}>
      <table className="plain">
        <thead>
          <tr>
            {props.def.columns.map((c) => (
              <th key={c.key}>
                {c.label}
                {c.required && <span className="req">*</span>}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) =>
            editing === r.id ? (
              <tr key={r.id} className="draft">
                {props.def.columns.map((c) => (
                  <td key={c.key}>
                    <FieldInput field={c} value={edit[c.key] ?? ""} onChange={(v) => setEdit((d) => ({ ...d, [c.key]: v }))} />
                  </td>
                ))}
                <td className="nowrap">
                  <button className="primary" onClick={() => saveEdit(r.id, r.fields)}>{app.t.save}</button>
                  <button onClick={() => setEditing(null)}>{app.t.cancel}</button>
                </td>
              </tr>
            ) : (
              <tr key={r.id}>
                {props.def.columns.map((c) => (
                  <td key={c.key} className="pre">{formatValue(c.kind, r.fields[c.key])}</td>
                ))}
                <td className="nowrap">
                  <button
                    onClick={() => {
                      setEditing(r.id);
                      setEdit({ ...r.fields });
                    }}
                  >
                    {app.t.edit}
                  </button>
                  <button
                    onClick={async () => {
                      try {
                        await api.removeChild(props.no, props.def.key, r.id);
                        await props.reload();
                      } catch (e) {
                        app.showError(e as never);
                      }
                    }}
                  >
                    {app.t.delete}
                  </button>
                </td>
              </tr>
            ),
          )}
          <tr className="draft">
            {props.def.columns.map((c) => (
              <td key={c.key}>
                <FieldInput field={c} value={draft[c.key] ?? ""} onChange={(v) => setDraft((d) => ({ ...d, [c.key]: v }))} />
              </td>
            ))}
            <td>
              <button data-add-row onClick={add}>{app.t.addRow}</button>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
