-- 004: tamper-evident history. Each row carries the SHA-256 of the previous
-- row's hash and its own content (a chain, see store::chain); the hashes of
-- existing rows are filled in by the store between the two halves of this
-- migration. Afterwards the history can only grow.
ALTER TABLE history ADD COLUMN hash TEXT;
-- @backfill history hashes
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
