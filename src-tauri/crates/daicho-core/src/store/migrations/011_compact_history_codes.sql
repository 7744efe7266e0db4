-- 011: a smaller history. Every text of a row (actor, action, field key,
-- old and new value) is stored once in history_strings and referred to by
-- number; the record is a number in history_subjects; the time is seconds
-- (see store::history_codes). The chain values are kept per block of rows
-- in history_blocks instead of on every row (store::chain), with the
-- earliest and latest time of each block's rows (which stand in for an index
-- on the time: rows come in time order): the store checks
-- every row's value while it converts them between the two halves of this
-- migration, and the head stays the same.
DROP VIEW IF EXISTS history_entries;
DROP TRIGGER IF EXISTS history_no_update;
DROP TRIGGER IF EXISTS history_no_delete;
DROP INDEX IF EXISTS history_record;
DROP INDEX IF EXISTS history_at;
ALTER TABLE history RENAME TO history_v6;
CREATE TABLE history_strings (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    hash INTEGER NOT NULL
);
CREATE INDEX history_strings_hash ON history_strings (hash);
CREATE TABLE history_subjects (
    id        INTEGER PRIMARY KEY,
    ledger    TEXT NOT NULL,
    record_no TEXT NOT NULL,
    UNIQUE (ledger, record_no)
);
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    subject INTEGER NOT NULL,
    actor   INTEGER NOT NULL,
    at      NOT NULL,
    action  INTEGER NOT NULL,
    changes TEXT NOT NULL
);
CREATE TABLE history_blocks (
    first INTEGER PRIMARY KEY,
    next  INTEGER NOT NULL,
    rows  INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    min_at NOT NULL,
    max_at NOT NULL
);
-- @compact history v6
DROP TABLE history_v6;
CREATE INDEX history_subject ON history (subject);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_strings_no_update BEFORE UPDATE ON history_strings
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_strings_no_delete BEFORE DELETE ON history_strings
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_subjects_no_update BEFORE UPDATE ON history_subjects
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_subjects_no_delete BEFORE DELETE ON history_subjects
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
-- Only the open (last) block's value moves as rows are appended.
CREATE TRIGGER history_blocks_no_update BEFORE UPDATE ON history_blocks
WHEN old.first <> (SELECT MAX(first) FROM history_blocks) OR new.first <> old.first
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_blocks_no_delete BEFORE DELETE ON history_blocks
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
-- One row per change, numbered as the history screens show them, with its
-- texts (for reading the file with other tools): `changes` holds base-47
-- numbers, each ending in a digit from '!' (33) to 'O' (79), its leading
-- digits from 'P' (80) to '~'; three per change (field, old, new; 0 = none).
CREATE VIEW history_entries AS
WITH RECURSIVE digits (hid, c, pos, k, acc, v) AS (
    SELECT id, changes, 1, -1, 0, NULL FROM history
    UNION ALL
    SELECT hid, c, pos + 1,
           k + (unicode(substr(c, pos, 1)) < 80),
           CASE WHEN unicode(substr(c, pos, 1)) < 80 THEN 0
                ELSE acc * 47 + unicode(substr(c, pos, 1)) - 80 END,
           CASE WHEN unicode(substr(c, pos, 1)) < 80
                THEN acc * 47 + unicode(substr(c, pos, 1)) - 33 END
    FROM digits WHERE pos <= length(c)
),
entries (hid, n, f, o, nw) AS (
    SELECT hid, k / 3, max(CASE k % 3 WHEN 0 THEN v END),
           max(CASE k % 3 WHEN 1 THEN v END), max(CASE k % 3 WHEN 2 THEN v END)
    FROM digits WHERE v IS NOT NULL GROUP BY hid, k / 3
)
SELECT h.id + e.n AS id, s.ledger, s.record_no,
       (SELECT text FROM history_strings WHERE id = e.f) AS field,
       (SELECT text FROM history_strings WHERE id = e.o) AS old_value,
       (SELECT text FROM history_strings WHERE id = e.nw) AS new_value,
       (SELECT text FROM history_strings WHERE id = h.actor) AS actor,
       CASE WHEN typeof(h.at) = 'integer'
            THEN strftime('%Y-%m-%dT%H:%M:%S', h.at, 'unixepoch') ELSE h.at END AS at,
       (SELECT text FROM history_strings WHERE id = h.action) AS action
FROM entries e JOIN history h ON h.id = e.hid
JOIN history_subjects s ON s.id = h.subject;
