-- 001: the four ledgers, masters, child tables, history and numbering.
-- Dates are ISO text (YYYY-MM-DD), date-times YYYY-MM-DDTHH:MM, local time.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Last number ever issued per ledger; numbers are never reused.
CREATE TABLE counters (
    ledger   TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
);
INSERT INTO counters (ledger, last_seq) VALUES ('incident', 0), ('failure', 0), ('change', 0);

CREATE TABLE organizations (
    name       TEXT PRIMARY KEY,
    active     INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE people (
    name       TEXT PRIMARY KEY,
    email      TEXT,
    active     INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE priorities (
    name       TEXT PRIMARY KEY,
    active     INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO priorities (name, sort_order) VALUES ('高', 1), ('中', 2), ('低', 3);

CREATE TABLE incidents (
    seq               INTEGER PRIMARY KEY,
    raised_on         TEXT NOT NULL,
    raised_by         TEXT NOT NULL,
    origin_org        TEXT NOT NULL,
    origin_user       TEXT,
    status            TEXT NOT NULL,
    kind              TEXT,
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL,
    priority          TEXT,
    due_on            TEXT,
    closure_condition TEXT,
    triaged_on        TEXT,
    transfer_no       TEXT,
    decided_on        TEXT,
    dev_started_on    TEXT,
    dev_due_on        TEXT,
    completed_on      TEXT,
    release_ver       TEXT,
    closed_on         TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
);
CREATE INDEX incidents_status ON incidents (status, seq);
CREATE INDEX incidents_kind ON incidents (kind, seq);
CREATE INDEX incidents_priority ON incidents (priority, seq);
CREATE INDEX incidents_org ON incidents (origin_org, seq);
CREATE INDEX incidents_raised_on ON incidents (raised_on, seq);
CREATE INDEX incidents_due_on ON incidents (due_on, seq);
CREATE INDEX incidents_closed_on ON incidents (closed_on);
CREATE INDEX incidents_transfer ON incidents (transfer_no);
CREATE INDEX incidents_updated ON incidents (updated_at);

CREATE TABLE failures (
    seq                 INTEGER PRIMARY KEY,
    raised_on           TEXT NOT NULL,
    raised_by           TEXT NOT NULL,
    assignee            TEXT,
    status              TEXT NOT NULL,
    priority            TEXT,
    title               TEXT NOT NULL,
    direct_cause        TEXT,
    interim_action      TEXT,
    root_cause          TEXT,
    permanent_fix       TEXT,
    completed_on        TEXT,
    verified_on         TEXT,
    verifier            TEXT,
    release_ver         TEXT,
    severity            TEXT,
    occurred_at         TEXT,
    detected_at         TEXT,
    recovered_at        TEXT,
    impact_scope        TEXT,
    business_impact     TEXT,
    reproducibility     TEXT,
    root_cause_category TEXT,
    incident_no         TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
);
CREATE INDEX failures_status ON failures (status, seq);
CREATE INDEX failures_priority ON failures (priority, seq);
CREATE INDEX failures_assignee ON failures (assignee, seq);
CREATE INDEX failures_raised_on ON failures (raised_on, seq);
CREATE INDEX failures_release ON failures (release_ver);
CREATE INDEX failures_incident ON failures (incident_no);
CREATE INDEX failures_updated ON failures (updated_at);

CREATE TABLE changes (
    seq                INTEGER PRIMARY KEY,
    raised_on          TEXT NOT NULL,
    raised_by          TEXT NOT NULL,
    assignee           TEXT,
    status             TEXT NOT NULL,
    priority           TEXT,
    title              TEXT NOT NULL,
    completed_on       TEXT,
    verified_on        TEXT,
    verifier           TEXT,
    rough_effort       REAL,
    rough_amount       INTEGER,
    formal_effort      REAL,
    formal_amount      INTEGER,
    desired_due        TEXT,
    ordered_on         TEXT,
    drop_reason        TEXT,
    release_ver        TEXT,
    req_value          TEXT,
    req_scenes         TEXT,
    req_considerations TEXT,
    spec_layout        TEXT,
    spec_items         TEXT,
    spec_behaviour     TEXT,
    incident_no        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);
CREATE INDEX changes_status ON changes (status, seq);
CREATE INDEX changes_priority ON changes (priority, seq);
CREATE INDEX changes_assignee ON changes (assignee, seq);
CREATE INDEX changes_raised_on ON changes (raised_on, seq);
CREATE INDEX changes_due ON changes (desired_due, seq);
CREATE INDEX changes_release ON changes (release_ver);
CREATE INDEX changes_incident ON changes (incident_no);
CREATE INDEX changes_updated ON changes (updated_at);

CREATE TABLE releases (
    seq                INTEGER PRIMARY KEY,
    version            TEXT NOT NULL UNIQUE,
    title              TEXT,
    status             TEXT NOT NULL,
    qa_planned_on      TEXT,
    qa_done_on         TEXT,
    staging_planned_on TEXT,
    staging_done_on    TEXT,
    prod_planned_on    TEXT,
    prod_done_on       TEXT,
    completed_on       TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);
CREATE INDEX releases_status ON releases (status);
CREATE INDEX releases_prod_planned ON releases (prod_planned_on);

-- Which S-/C- records a release ships. A record is in at most one open release.
CREATE TABLE release_members (
    release_seq INTEGER NOT NULL REFERENCES releases (seq),
    ledger      TEXT NOT NULL CHECK (ledger IN ('failure', 'change')),
    seq         INTEGER NOT NULL,
    PRIMARY KEY (release_seq, ledger, seq)
);
CREATE INDEX release_members_record ON release_members (ledger, seq);

-- 同根障害: failures sharing a root cause (stored once, a < b).
CREATE TABLE failure_links (
    a_seq INTEGER NOT NULL REFERENCES failures (seq),
    b_seq INTEGER NOT NULL REFERENCES failures (seq),
    PRIMARY KEY (a_seq, b_seq),
    CHECK (a_seq < b_seq)
);

CREATE TABLE child_timeline (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES failures (seq),
    date       TEXT,
    time       TEXT,
    content    TEXT
);
CREATE INDEX child_timeline_parent ON child_timeline (parent_seq);
CREATE TABLE child_findings (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES failures (seq),
    date       TEXT,
    content    TEXT
);
CREATE INDEX child_findings_parent ON child_findings (parent_seq);
CREATE TABLE child_preventions (
    id          INTEGER PRIMARY KEY,
    parent_seq  INTEGER NOT NULL REFERENCES failures (seq),
    content     TEXT,
    owner       TEXT,
    due_on      TEXT,
    done_on     TEXT,
    verified_on TEXT
);
CREATE INDEX child_preventions_parent ON child_preventions (parent_seq);
CREATE TABLE child_notes (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES changes (seq),
    date       TEXT,
    content    TEXT
);
CREATE INDEX child_notes_parent ON child_notes (parent_seq);
CREATE TABLE child_defects (
    id           INTEGER PRIMARY KEY,
    parent_seq   INTEGER NOT NULL REFERENCES releases (seq),
    found_on     TEXT,
    found_by     TEXT,
    content      TEXT,
    action       TEXT,
    status       TEXT,
    confirmed_on TEXT
);
CREATE INDEX child_defects_parent ON child_defects (parent_seq);
CREATE TABLE child_judgements (
    id         INTEGER PRIMARY KEY,
    parent_seq INTEGER NOT NULL REFERENCES releases (seq),
    meeting    TEXT,
    result     TEXT,
    date       TEXT,
    note       TEXT
);
CREATE INDEX child_judgements_parent ON child_judgements (parent_seq);

-- Evidence (screenshots, logs) stored in the database so one backup holds all.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    release_seq INTEGER NOT NULL REFERENCES releases (seq),
    name        TEXT NOT NULL,
    data        BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX attachments_release ON attachments (release_seq);

-- Every change to every field and child row.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    ledger    TEXT NOT NULL,
    record_no TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL
);
CREATE INDEX history_record ON history (ledger, record_no, id);
CREATE INDEX history_at ON history (at);

-- Full-text index: one row per record; see domain::text for the gram scheme.
CREATE TABLE search_docs (
    id        INTEGER PRIMARY KEY,
    ledger    TEXT NOT NULL,
    record_no TEXT NOT NULL,
    UNIQUE (ledger, record_no)
);
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
