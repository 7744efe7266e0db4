// Linked records with open / remove per row and an "add by number" box:
// a release's 対象 (Members) and a failure's 同根障害 (SameRoot).
import { useState } from "react";
import type { DetailDto } from "../bindings/DetailDto";
import { ledgerKeyOfNo, ledgerOf, useApp } from "../ctx";
import { Chip } from "../ui";

/** Runs a change, clears or shows the error, then reloads the record. */
export function useReloadingRun(reload: () => Promise<void>) {
  const app = useApp();
  return async (f: () => Promise<unknown>) => {
    try {
      await f();
      app.showError(null);
      await reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
}

export function LinkList(props: {
  /** data-testid of the list, its number box and its add button. */
  ids: { list: string; input: string; add: string };
  links: DetailDto["links"];
  placeholder: string;
  addLabel: string;
  removeLabel: string;
  onAdd: (no: string) => Promise<void>;
  onRemove: (no: string) => Promise<void>;
  reload: () => Promise<void>;
}) {
  const app = useApp();
  const [no, setNo] = useState("");
  const run = useReloadingRun(props.reload);
  return (
    <div className="members" data-testid={props.ids.list}>
      <table className="plain">
        <tbody>
          {props.links.map((m) => (
            <tr key={m.no} data-link-row={m.no}>
              <td>
                <a onClick={() => app.go({ page: "record", no: m.no, ledger: ledgerKeyOfNo(m.no) })}>{m.no}</a>
              </td>
              <td>{m.title}</td>
              <td>
                <Chip ledger={ledgerOf(app.schema, ledgerKeyOfNo(m.no))} status={m.status} />
              </td>
              <td>
                <button data-remove-link={m.no} onClick={() => run(() => props.onRemove(m.no))}>{props.removeLabel}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline">
        <input data-testid={props.ids.input} placeholder={props.placeholder} value={no} onChange={(e) => setNo(e.target.value)} />
        <button data-testid={props.ids.add} onClick={() => run(async () => {
          await props.onAdd(no.trim());
          setNo("");
        })}>
          {props.addLabel}
        </button>
      </div>
    </div>
  );
}
