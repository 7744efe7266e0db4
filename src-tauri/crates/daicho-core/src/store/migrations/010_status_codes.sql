-- 010: status_changes in its narrow form (issue 13, database size). Every
-- text of the table (ledger, field, statuses, stamped dates, actors, actions,
-- numbers that are not `I-0001` style) is stored once in status_texts and
-- referred to by its code; a record number `I-0001` becomes its sequence
-- (a release's version: minus the code of its text); `at` becomes seconds
-- (`YYYY-MM-DDTHH:MM:SS` read as UTC, so ordering and day are unchanged).
-- The readers decode (store::status_codes).
CREATE TABLE status_texts (
    code INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
-- The most frequent texts first: their codes take one byte.
INSERT OR IGNORE INTO status_texts (text) SELECT DISTINCT ledger FROM status_changes;
INSERT OR IGNORE INTO status_texts (text) SELECT DISTINCT field FROM status_changes;
INSERT OR IGNORE INTO status_texts (text)
    SELECT DISTINCT new_value FROM status_changes WHERE field = 'status' AND new_value IS NOT NULL;
INSERT OR IGNORE INTO status_texts (text) SELECT DISTINCT actor FROM status_changes;
INSERT OR IGNORE INTO status_texts (text) SELECT DISTINCT action FROM status_changes;
INSERT OR IGNORE INTO status_texts (text)
    SELECT DISTINCT old_value FROM status_changes WHERE old_value IS NOT NULL;
INSERT OR IGNORE INTO status_texts (text)
    SELECT DISTINCT new_value FROM status_changes WHERE new_value IS NOT NULL;

ALTER TABLE status_changes RENAME TO status_changes_v5;
CREATE TABLE status_changes (
    ledger    INTEGER NOT NULL,
    field     INTEGER NOT NULL,
    id        INTEGER NOT NULL,
    record    INTEGER NOT NULL,
    old_value INTEGER,
    new_value INTEGER,
    actor     INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    action    INTEGER NOT NULL,
    PRIMARY KEY (ledger, field, id)
) WITHOUT ROWID;

-- Numbers that `I-0001` style does not give back exactly.
CREATE TEMP TABLE status_numbers AS
    SELECT DISTINCT ledger, record_no,
        CASE WHEN substr(record_no, 1, 2) = CASE ledger
                WHEN 'incident' THEN 'I-' WHEN 'failure' THEN 'S-' WHEN 'change' THEN 'C-' END
             AND CAST(substr(record_no, 3) AS INTEGER) > 0
             AND record_no = printf('%s%04d', substr(record_no, 1, 2), CAST(substr(record_no, 3) AS INTEGER))
        THEN CAST(substr(record_no, 3) AS INTEGER) END AS seq
    FROM status_changes_v5;
INSERT OR IGNORE INTO status_texts (text) SELECT record_no FROM status_numbers WHERE seq IS NULL;

INSERT INTO status_changes (ledger, field, id, record, old_value, new_value, actor, at, action)
SELECT l.code, f.code, s.id, coalesce(n.seq, -(SELECT code FROM status_texts WHERE text = s.record_no)),
       o.code, nv.code, a.code, CAST(strftime('%s', s.at) AS INTEGER), ac.code
FROM status_changes_v5 s
JOIN status_texts l ON l.text = s.ledger
JOIN status_texts f ON f.text = s.field
JOIN status_numbers n ON n.ledger = s.ledger AND n.record_no = s.record_no
LEFT JOIN status_texts o ON o.text = s.old_value
LEFT JOIN status_texts nv ON nv.text = s.new_value
JOIN status_texts a ON a.text = s.actor
JOIN status_texts ac ON ac.text = s.action
ORDER BY s.ledger, s.field, s.id;
DROP TABLE status_numbers;
DROP TABLE status_changes_v5;
