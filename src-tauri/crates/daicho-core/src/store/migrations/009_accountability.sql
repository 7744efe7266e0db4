-- 009: accountability (issue 12). All additive: existing rows keep their
-- values, new columns start empty.
-- 障害 gets 対応期限, so an S record can be overdue.
ALTER TABLE failures ADD COLUMN due_on TEXT;
-- 再発防止策: who approved it and when (003: 再発防止策の承認).
ALTER TABLE child_preventions ADD COLUMN approved_by TEXT;
ALTER TABLE child_preventions ADD COLUMN approved_on TEXT;
-- 連絡履歴: every notice sent about a failure (初報, 定時報, 完了報, …).
CREATE TABLE child_contacts (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES failures (seq),
    sent_at    TEXT,
    kind       TEXT,
    recipient  TEXT,
    sender     TEXT,
    note       TEXT
);
CREATE INDEX child_contacts_parent ON child_contacts (parent_seq);
-- 作成 / 確認 / 承認 of the 障害対応報告書 and the 仕様変更指示書.
CREATE TABLE child_failure_approvals (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES failures (seq),
    role       TEXT,
    name       TEXT,
    date       TEXT,
    note       TEXT
);
CREATE INDEX child_failure_approvals_parent ON child_failure_approvals (parent_seq);
CREATE TABLE child_change_approvals (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES changes (seq),
    role       TEXT,
    name       TEXT,
    date       TEXT,
    note       TEXT
);
CREATE INDEX child_change_approvals_parent ON child_change_approvals (parent_seq);
