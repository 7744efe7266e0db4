-- 013: a smaller file (issue 13, database size).
--
-- One number per record: the full-text index's row of a record
-- (search_docs) and the history's subject (history_subjects) named the same
-- records twice, each with its own unique index. history_subjects now
-- serves both: a record's subject number is its search row's (so search
-- results keep their order), the subjects without one (settings, masters,
-- deleted records) are numbered after the highest, and the history's rows
-- follow their subject's new number. The hash chain covers the record's
-- ledger and number as text, not the subject number, so it is unchanged.
DROP TRIGGER IF EXISTS history_no_update;
DROP TRIGGER IF EXISTS history_subjects_no_update;
DROP INDEX IF EXISTS history_subject;
CREATE TEMP TABLE subject_ids (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO temp.subject_ids (old, new)
SELECT s.id, d.id FROM history_subjects s JOIN search_docs d USING (ledger, record_no);
INSERT INTO temp.subject_ids (old, new)
SELECT s.id, (SELECT coalesce(max(id), 0) FROM search_docs) + row_number() OVER (ORDER BY s.id)
FROM history_subjects s WHERE s.id NOT IN (SELECT old FROM temp.subject_ids);
-- Through negative numbers, so no two rows ever hold the same one.
UPDATE history_subjects SET id = -(SELECT new FROM temp.subject_ids WHERE old = history_subjects.id);
UPDATE history_subjects SET id = -id;
INSERT INTO history_subjects (id, ledger, record_no)
SELECT d.id, d.ledger, d.record_no FROM search_docs d
WHERE NOT EXISTS (SELECT 1 FROM history_subjects s WHERE s.ledger = d.ledger AND s.record_no = d.record_no);
UPDATE history SET subject = m.new FROM temp.subject_ids m
WHERE m.old = history.subject AND m.new <> m.old;
DROP TABLE temp.subject_ids;
DROP TABLE search_docs;
CREATE INDEX history_subject ON history (subject);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_subjects_no_update BEFORE UPDATE ON history_subjects
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Release members keyed by their primary key alone (no rowid beside it).
CREATE TABLE release_members_v13 (
    release_seq INTEGER NOT NULL REFERENCES releases (seq),
    ledger      TEXT NOT NULL CHECK (ledger IN ('failure', 'change')),
    seq         INTEGER NOT NULL,
    PRIMARY KEY (release_seq, ledger, seq)
) WITHOUT ROWID;
INSERT INTO release_members_v13 (release_seq, ledger, seq)
SELECT release_seq, ledger, seq FROM release_members;
DROP TABLE release_members;
ALTER TABLE release_members_v13 RENAME TO release_members;
CREATE INDEX release_members_record ON release_members (ledger, seq);

-- The ledgers' indexes without `seq` as their last column: an index entry
-- ends with the row's number anyway (seq is the rowid), so the order and
-- the plans are the same with one number less per entry.
DROP INDEX IF EXISTS incidents_status;
CREATE INDEX incidents_status ON incidents (status);
DROP INDEX IF EXISTS incidents_kind;
CREATE INDEX incidents_kind ON incidents (kind);
DROP INDEX IF EXISTS incidents_priority;
CREATE INDEX incidents_priority ON incidents (priority);
DROP INDEX IF EXISTS incidents_org;
CREATE INDEX incidents_org ON incidents (origin_org);
DROP INDEX IF EXISTS incidents_raised_on;
CREATE INDEX incidents_raised_on ON incidents (raised_on);
DROP INDEX IF EXISTS incidents_due_on;
CREATE INDEX incidents_due_on ON incidents (due_on, status) WHERE deleted_at IS NULL;
DROP INDEX IF EXISTS incidents_title;
CREATE INDEX incidents_title ON incidents (title);
DROP INDEX IF EXISTS incidents_system;
CREATE INDEX incidents_system ON incidents (target_system);
DROP INDEX IF EXISTS failures_status;
CREATE INDEX failures_status ON failures (status);
DROP INDEX IF EXISTS failures_priority;
CREATE INDEX failures_priority ON failures (priority);
DROP INDEX IF EXISTS failures_assignee;
CREATE INDEX failures_assignee ON failures (assignee);
DROP INDEX IF EXISTS failures_raised_on;
CREATE INDEX failures_raised_on ON failures (raised_on);
DROP INDEX IF EXISTS failures_title;
CREATE INDEX failures_title ON failures (title);
DROP INDEX IF EXISTS failures_system;
CREATE INDEX failures_system ON failures (target_system);
DROP INDEX IF EXISTS changes_status;
CREATE INDEX changes_status ON changes (status);
DROP INDEX IF EXISTS changes_priority;
CREATE INDEX changes_priority ON changes (priority);
DROP INDEX IF EXISTS changes_assignee;
CREATE INDEX changes_assignee ON changes (assignee);
DROP INDEX IF EXISTS changes_raised_on;
CREATE INDEX changes_raised_on ON changes (raised_on);
DROP INDEX IF EXISTS changes_due;
CREATE INDEX changes_due ON changes (desired_due, status) WHERE deleted_at IS NULL;
DROP INDEX IF EXISTS changes_title;
CREATE INDEX changes_title ON changes (title);
DROP INDEX IF EXISTS changes_system;
CREATE INDEX changes_system ON changes (target_system);
-- An incident is looked up by its 転記先No. (never by an empty one).
DROP INDEX IF EXISTS incidents_transfer;
CREATE INDEX incidents_transfer ON incidents (transfer_no) WHERE transfer_no IS NOT NULL;
-- Indexes no query reads: 更新日時 sorts put empty cells first (a sort of
-- its own), 担当者 of an incident is filtered by part of the name, and no
-- query looks records up by リリース or by the incident's number.
DROP INDEX IF EXISTS incidents_updated;
DROP INDEX IF EXISTS failures_updated;
DROP INDEX IF EXISTS changes_updated;
DROP INDEX IF EXISTS incidents_owner;
DROP INDEX IF EXISTS failures_release;
DROP INDEX IF EXISTS changes_release;
DROP INDEX IF EXISTS failures_incident;
DROP INDEX IF EXISTS changes_incident;
