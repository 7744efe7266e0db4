-- 006: a compact history. One row per action on a record (起票, 編集, a
-- triage, a child row added, …) holding its changes as a JSON array of
-- [field, old, new], instead of one row per field with three indexes.
-- Every change keeps its number: a row's id is the number of its first
-- change, the next row's id follows its last (see store::chain). The store
-- checks the old chain, converts the rows under a new chain (hashes as 32
-- raw bytes) and records the old chain's row count and head in a system row
-- (履歴形式の変換) between the two halves of this migration; status_changes
-- (migration 5) keeps the same numbers and stays as it is.
DROP TRIGGER IF EXISTS history_no_update;
DROP TRIGGER IF EXISTS history_no_delete;
DROP INDEX history_record;
DROP INDEX history_at;
DROP INDEX history_field_at;
ALTER TABLE history RENAME TO history_v1;
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    ledger    TEXT NOT NULL,
    record_no TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    changes   TEXT NOT NULL,
    hash      BLOB NOT NULL
);
-- @convert history
DROP TABLE history_v1;
CREATE INDEX history_record ON history (ledger, record_no);
CREATE INDEX history_at ON history (at);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
-- One row per change, numbered as the history screens show them (for
-- reading the file with other tools).
CREATE VIEW history_entries AS
SELECT h.id + j.key AS id, h.ledger, h.record_no,
       json_extract(j.value, '$[0]') AS field,
       json_extract(j.value, '$[1]') AS old_value,
       json_extract(j.value, '$[2]') AS new_value,
       h.actor, h.at, h.action
FROM history h, json_each(h.changes) j;
