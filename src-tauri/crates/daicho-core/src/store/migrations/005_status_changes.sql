-- 005: the history rows the reports rebuild past states from — status
-- changes and the dates an action stamps — copied into a narrow table kept
-- in (ledger, field, id) order, so a report reads them in one sequential
-- scan instead of millions of random history lookups. The history stays
-- the record (and the hash chain); the store writes both rows of each change
-- (store::history::insert).
CREATE TABLE status_changes (
    ledger    TEXT NOT NULL,
    field     TEXT NOT NULL,
    id        INTEGER NOT NULL,
    record_no TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    PRIMARY KEY (ledger, field, id)
) WITHOUT ROWID;
INSERT INTO status_changes (ledger, field, id, record_no, old_value, new_value, actor, at, action)
SELECT ledger, field, id, record_no, old_value, new_value, actor, at, action
FROM history
WHERE field IN ('status', 'closed_on', 'completed_on', 'triaged_on') AND ledger <> 'system';
