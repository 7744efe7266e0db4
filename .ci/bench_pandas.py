"""The pandas side of .ci/bench, timed as a whole process like Daicho's cases.

  python3 .ci/bench_pandas.py monthly DB YYYY-MM   # the monthly headline figures
  python3 .ci/bench_pandas.py excel FILE.xlsx      # parse a ledger workbook

monthly: raised / closed / backlog per ledger, lead time by 種別 and by
発生元組織, MTTR of failures and the 12-month trend, from the same SQLite file
(read_sql + groupby), with statuses rebuilt from the status changes (`status_changes`, a copy of
the history's status entries) as Daicho does.
"""
import sqlite3
import sys

import pandas as pd

CLOSED = {"incident": {"対応済"}, "failure": {"対応済"}, "change": {"対応済", "開発見送り(クローズ)"}}
TABLES = {"incident": "incidents", "failure": "failures", "change": "changes"}


def monthly(db, month):
    start = pd.Timestamp(month + "-01")
    end = start + pd.offsets.MonthBegin(1)
    con = sqlite3.connect(db)
    out = {}
    for ledger, table in TABLES.items():
        extra = ", kind, origin_org" if ledger == "incident" else ""
        extra += ", detected_at, recovered_at" if ledger == "failure" else ""
        recs = pd.read_sql(
            f"SELECT seq, raised_on, closed_on{extra} FROM {table} WHERE deleted_at IS NULL"
            if ledger == "incident"
            else f"SELECT seq, raised_on, completed_on AS closed_on{extra} FROM {table} WHERE deleted_at IS NULL",
            con,
            parse_dates=["raised_on", "closed_on"],
        )
        ev = pd.read_sql(
            # Migration 10: texts by code, the record by number, `at` as seconds.
            "SELECT record AS record_no, v.text AS new_value, datetime(at, 'unixepoch') AS at"
            " FROM status_changes LEFT JOIN status_texts v ON v.code = new_value"
            " WHERE ledger = (SELECT code FROM status_texts WHERE text = ?)"
            " AND field = (SELECT code FROM status_texts WHERE text = 'status') ORDER BY id",
            con,
            params=(ledger,),
            parse_dates=["at"],
        )
        ev["closed"] = ev["new_value"].isin(CLOSED[ledger])
        closed_in = ev[ev["closed"] & (ev["at"] >= start) & (ev["at"] < end)]["record_no"].nunique()
        last = ev[ev["at"] < end].groupby("record_no")["closed"].last()
        raised = recs[(recs["raised_on"] >= start) & (recs["raised_on"] < end)]
        existing = recs[recs["raised_on"] < end]
        backlog = len(existing) - int(last.sum())
        trend = (
            recs[(recs["raised_on"] >= start - pd.DateOffset(months=11)) & (recs["raised_on"] < end)]
            .groupby(recs["raised_on"].dt.to_period("M"))
            .size()
        )
        fig = {"raised": len(raised), "closed": int(closed_in), "backlog": backlog, "trend": trend.to_dict()}
        done = recs[(recs["closed_on"] >= start) & (recs["closed_on"] < end)]
        lead = (done["closed_on"] - done["raised_on"]).dt.days
        if ledger == "incident":
            fig["lead_by_kind"] = lead.groupby(done["kind"]).mean().round(1).to_dict()
            fig["lead_by_org"] = lead.groupby(done["origin_org"]).mean().round(1).to_dict()
        if ledger == "failure":
            det = pd.to_datetime(recs["detected_at"], errors="coerce")
            rec = pd.to_datetime(recs["recovered_at"], errors="coerce")
            m = (rec >= start) & (rec < end)
            fig["mttr_hours"] = round(((rec[m] - det[m]).dt.total_seconds() / 3600).mean(), 2)
        out[ledger] = fig
    print(out)


def excel(path):
    df = pd.read_excel(path, engine="openpyxl")
    print(len(df), "rows", len(df.columns), "columns")


if __name__ == "__main__":
    if sys.argv[1] == "monthly":
        monthly(sys.argv[2], sys.argv[3])
    else:
        excel(sys.argv[2])
