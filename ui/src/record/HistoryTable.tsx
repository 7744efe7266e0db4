// The record view's 履歴 tab: every change with who, when and which action.
import type { HistoryDto } from "../bindings/HistoryDto";
import { useApp } from "../ctx";
import { formatValue } from "../format";

export function HistoryTable({ rows }: { rows: HistoryDto[] }) {
  const { t } = useApp();
  return (
    <table className="plain history" data-testid="history">
      <thead>
        <tr>
          <th>{t.when}</th>
          <th>{t.who}</th>
          <th>{t.action}</th>
          <th>{t.field}</th>
          <th>{t.before}</th>
          <th>{t.after}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.id}>
            <td>{formatValue("date_time", h.at)}</td>
            <td>{h.actor}</td>
            <td>{h.action}</td>
            <td>{h.label}</td>
            <td className="pre">{h.old}</td>
            <td className="pre">{h.new}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
