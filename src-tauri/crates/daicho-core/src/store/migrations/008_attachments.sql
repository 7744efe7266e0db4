-- 008: attachments on every ledger (障害の証跡, 変更の見積書・請書, リリースの
-- エビデンス). The bytes are kept once per content, addressed by their
-- SHA-256 (so a backup, which copies the database, holds them); each record
-- lists its files by name. Removing a file is soft (deleted_at): the history
-- names it and its bytes stay. The release evidence of migration 1 moves
-- here (its hashes are computed by the store between the two halves).
CREATE TABLE attachment_blobs (
    id     INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
);
CREATE TABLE record_attachments (
    id        INTEGER PRIMARY KEY,
    ledger    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    sha256    TEXT NOT NULL REFERENCES attachment_blobs (sha256),
    size      INTEGER NOT NULL,
    added_at  TEXT NOT NULL,
    added_by  TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX record_attachments_record ON record_attachments (ledger, seq);
-- @backfill attachment hashes
DROP TABLE attachments;
