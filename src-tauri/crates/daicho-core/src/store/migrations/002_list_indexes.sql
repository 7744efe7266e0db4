-- 002: indexes for the ledger screens at 100k+ rows.
-- Counting live rows reads a narrow partial index instead of the table.
CREATE INDEX incidents_live ON incidents (seq) WHERE deleted_at IS NULL;
CREATE INDEX failures_live ON failures (seq) WHERE deleted_at IS NULL;
CREATE INDEX changes_live ON changes (seq) WHERE deleted_at IS NULL;
CREATE INDEX releases_live ON releases (seq) WHERE deleted_at IS NULL;
-- Overdue = open and due before today: answered from the index alone.
DROP INDEX incidents_due_on;
CREATE INDEX incidents_due_on ON incidents (due_on, status, seq) WHERE deleted_at IS NULL;
DROP INDEX changes_due;
CREATE INDEX changes_due ON changes (desired_due, status, seq) WHERE deleted_at IS NULL;
-- Sorting by タイトル (a required column) walks an index.
CREATE INDEX incidents_title ON incidents (title, seq);
CREATE INDEX failures_title ON failures (title, seq);
CREATE INDEX changes_title ON changes (title, seq);
