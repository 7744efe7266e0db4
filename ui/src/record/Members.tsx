// A release's 対象 (S-/C- records): list, open, remove, add by number.
import { useState } from "react";
import type { DetailDto } from "../bindings/DetailDto";
import { api } from "../api";
import { ledgerKeyOfNo, ledgerOf, useApp } from "../ctx";
import { Chip } from "../ui";

export function Members(props: { version: string; members: DetailDto["links"]; reload: () => Promise<void> }) {
  const app = useApp();
  const [no, setNo] = useState("");
  const add = async () => {
    try {
      await api.addMember(props.version, no.trim());
      setNo("");
      app.showError(null);
      await props.reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <div className="members" data-testid="members">
      <table className="plain">
        <tbody>
          {props.members.map((m) => (
            <tr key={m.no}>
              <td>
                <a onClick={() => app.go({ page: "record", no: m.no, ledger: ledgerKeyOfNo(m.no) })}>{m.no}</a>
              </td>
              <td>{m.title}</td>
              <td>
                <Chip ledger={ledgerOf(app.schema, ledgerKeyOfNo(m.no))} status={m.status} />
              </td>
              <td>
                <button
                  onClick={async () => {
                    try {
                      await api.removeMember(props.version, m.no);
                      await props.reload();
                    } catch (e) {
                      app.showError(e as never);
                    }
                  }}
                >
                  {app.t.remove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline">
        <input data-testid="member-no" placeholder="S-0001 / C-0001" value={no} onChange={(e) => setNo(e.target.value)} />
        <button data-testid="add-member" onClick={add}>
          {app.t.addMember}
        </button>
      </div>
    </div>
  );
}
