-- 007: fields the seed's team records that the ledgers lacked (issue 11).
-- Only new nullable columns and a new master table: existing rows keep
-- their data and read the new fields as empty.
-- インシデント台帳: 担当者 (the accountable owner), 回答 (回答骨子 of a
-- 問い合わせ), 対象システム, and what the intake sheet asks: 発生日時,
-- 再現性, 再現手順.
ALTER TABLE incidents ADD COLUMN owner TEXT;
ALTER TABLE incidents ADD COLUMN answer TEXT;
ALTER TABLE incidents ADD COLUMN target_system TEXT;
ALTER TABLE incidents ADD COLUMN occurred_at TEXT;
ALTER TABLE incidents ADD COLUMN reproducibility TEXT;
ALTER TABLE incidents ADD COLUMN repro_steps TEXT;
-- 障害管理台帳: 現象, 対象システム, リリースノート (what the release fixed,
-- as the end user reads it).
ALTER TABLE failures ADD COLUMN phenomenon TEXT;
ALTER TABLE failures ADD COLUMN target_system TEXT;
ALTER TABLE failures ADD COLUMN release_note TEXT;
ALTER TABLE changes ADD COLUMN target_system TEXT;
ALTER TABLE changes ADD COLUMN release_note TEXT;
ALTER TABLE releases ADD COLUMN target_system TEXT;
CREATE INDEX incidents_owner ON incidents (owner, seq);
CREATE INDEX incidents_system ON incidents (target_system, seq);
CREATE INDEX failures_system ON failures (target_system, seq);
CREATE INDEX changes_system ON changes (target_system, seq);
-- 対象システム master, with its service level (A/B/C, see DOMAIN.md).
CREATE TABLE systems (
    name          TEXT PRIMARY KEY,
    service_level TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    sort_order    INTEGER NOT NULL DEFAULT 0
);
