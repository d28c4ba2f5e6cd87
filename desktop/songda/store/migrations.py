"""Schema migrations. Each entry upgrades from version N-1 to N.

An upgrade from any older version runs all pending steps in ONE transaction and then
records the new ``PRAGMA user_version``. Append new steps; never edit a released one.
"""

from __future__ import annotations

import sqlite3

V1 = """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    operator TEXT,
    sheet TEXT,
    profile TEXT,
    mapping TEXT,            -- JSON: source header -> field
    rows_total INTEGER NOT NULL DEFAULT 0,
    rows_imported INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    cases_new INTEGER NOT NULL DEFAULT 0,
    cases_updated INTEGER NOT NULL DEFAULT 0,
    candidates_new INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'done'
);
CREATE INDEX idx_imports_sha ON imports(sha256);

CREATE TABLE raw_rows (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    sheet TEXT,
    row_no INTEGER NOT NULL,
    data TEXT NOT NULL        -- JSON list of the row's cells, verbatim
);
CREATE INDEX idx_raw_rows_import ON raw_rows(import_id, row_no);

CREATE TABLE rejected_rows (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row_no INTEGER NOT NULL,
    reasons TEXT NOT NULL,    -- JSON list of {code, message}
    data TEXT NOT NULL        -- JSON object header -> value
);
CREATE INDEX idx_rejected_import ON rejected_rows(import_id);

CREATE TABLE mapping_profiles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    headers_key TEXT NOT NULL, -- normalised header signature for reuse
    mapping TEXT NOT NULL,     -- JSON
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_profiles_headers ON mapping_profiles(headers_key);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_no TEXT NOT NULL UNIQUE,
    creditor TEXT,
    debtor_name TEXT NOT NULL,
    id_number TEXT,
    phones TEXT,              -- JSON list
    phone_tail TEXT,          -- last 4 digits of the first phone, for search
    amount_due REAL,
    principal REAL,
    interest REAL,
    overdue_days INTEGER,
    loan_date TEXT,
    contract_no TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    needs_review INTEGER NOT NULL DEFAULT 0,
    best_candidate_id INTEGER,
    best_score REAL,
    best_address TEXT,
    import_id INTEGER REFERENCES imports(id),
    extra TEXT,               -- JSON: unmapped columns, kept verbatim
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_cases_status ON cases(status);
CREATE INDEX idx_cases_creditor ON cases(creditor);
CREATE INDEX idx_cases_import ON cases(import_id);
CREATE INDEX idx_cases_name ON cases(debtor_name);
CREATE INDEX idx_cases_phone_tail ON cases(phone_tail);

CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    source_column TEXT,
    raw_text TEXT NOT NULL,
    raw_postcode TEXT,
    address_date TEXT,
    province TEXT, city TEXT, district TEXT, town TEXT, village TEXT,
    road TEXT, road_no TEXT, poi TEXT, building TEXT, unit TEXT, floor TEXT, room TEXT,
    detail TEXT,
    standard TEXT,            -- the standard address as one line
    spans TEXT,               -- JSON
    adcode TEXT,
    postcode TEXT,
    level TEXT,
    valid INTEGER,
    issues TEXT,              -- JSON list of codes
    flags TEXT,               -- JSON list (blacklist kinds hit, institution, ...)
    confidence REAL,
    score REAL,
    rank INTEGER,
    reasons TEXT,             -- JSON: [[code, points(, label)], …] (ranking/serialize.py)
    chosen INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active',  -- active / invalid / returned / removed
    import_id INTEGER REFERENCES imports(id),
    parsed_at TEXT,
    created_by TEXT,
    created_at TEXT NOT NULL,
    updated_by TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_candidates_case ON candidates(case_id);
CREATE INDEX idx_candidates_standard ON candidates(standard);
CREATE INDEX idx_candidates_adcode ON candidates(adcode);

CREATE TABLE blacklist (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,       -- demolished / collective / institution / custom
    match TEXT NOT NULL,      -- keyword / division / address / fuzzy
    pattern TEXT,
    division_code TEXT,
    note TEXT,
    origin TEXT NOT NULL,     -- manual / imported / learned / builtin
    active INTEGER NOT NULL DEFAULT 1,
    created_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_blacklist_kind ON blacklist(kind);

CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,       -- lawyer_letter / reminder / ...
    title TEXT,
    body TEXT NOT NULL,
    letterhead TEXT,          -- resource path or blob reference
    seal TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE tracking_ranges (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,       -- s10 / ems13
    prefix TEXT,
    first_serial INTEGER NOT NULL,
    last_serial INTEGER NOT NULL,
    next_serial INTEGER NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    template TEXT NOT NULL,
    label_format TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'created',  -- created / rendering / rendered / posted / closed
    case_count INTEGER NOT NULL DEFAULT 0,
    out_dir TEXT,
    options TEXT,             -- JSON: sender, calibration, ...
    created_by TEXT,
    created_at TEXT NOT NULL,
    rendered_at TEXT
);

CREATE TABLE mailings (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    seq INTEGER NOT NULL,
    tracking_no TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT,
    status TEXT NOT NULL DEFAULT 'created',
    reason_code TEXT,
    reason_text TEXT,
    status_time TEXT,
    signer TEXT,
    letter_sha256 TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (batch_id, case_id)
);
CREATE INDEX idx_mailings_case ON mailings(case_id);
CREATE INDEX idx_mailings_candidate ON mailings(candidate_id);

CREATE TABLE mailing_events (
    id INTEGER PRIMARY KEY,
    mailing_id INTEGER NOT NULL REFERENCES mailings(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    event_time TEXT,
    reason_code TEXT,
    reason_text TEXT,
    signer TEXT,
    source_file TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (mailing_id, status, event_time, reason_code)
);

CREATE TABLE evidence_files (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    mailing_id INTEGER REFERENCES mailings(id),
    kind TEXT NOT NULL,       -- receipt_scan / letter / label / other
    path TEXT NOT NULL,
    sha256 TEXT,
    added_by TEXT,
    added_at TEXT NOT NULL
);

CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    key_kind TEXT NOT NULL,   -- address / community / source / reason / area
    key TEXT NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0,
    signed INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    not_there INTEGER NOT NULL DEFAULT 0,
    bad_address INTEGER NOT NULL DEFAULT 0,
    other_returned INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    UNIQUE (key_kind, key)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    operator TEXT,
    entity TEXT NOT NULL,
    entity_id TEXT,
    action TEXT NOT NULL,
    before TEXT,              -- JSON
    after TEXT                -- JSON
);
CREATE INDEX idx_audit_entity ON audit_log(entity, entity_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL       -- JSON
);
"""


# Delivery (issue 8): event de-duplication that also holds when time or code is missing
# (SQLite treats NULLs in a UNIQUE constraint as distinct), the log of results files,
# and learned blacklist proposals awaiting the operator.
V_DELIVERY = """
CREATE UNIQUE INDEX ux_mailing_events_dedupe ON mailing_events(
    mailing_id, status, ifnull(event_time, ''), ifnull(reason_code, ''), ifnull(reason_text, '')
);
CREATE INDEX idx_mailing_events_mailing ON mailing_events(mailing_id, event_time);
CREATE INDEX idx_mailings_status ON mailings(status);
CREATE INDEX idx_evidence_case ON evidence_files(case_id);

CREATE TABLE feedback_imports (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    operator TEXT,
    mapping TEXT,             -- JSON: field -> header
    counts TEXT NOT NULL      -- JSON: the FeedbackReport counts
);

CREATE TABLE blacklist_proposals (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,       -- demolished / custom
    match TEXT NOT NULL,      -- division / keyword / address
    pattern TEXT,
    division_code TEXT,
    note TEXT,
    evidence INTEGER NOT NULL DEFAULT 1,   -- returns seen for it
    status TEXT NOT NULL DEFAULT 'proposed',  -- proposed / accepted / dismissed
    blacklist_id INTEGER REFERENCES blacklist(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, match, pattern, division_code)
)
"""

# Ranking (issue 5): the case's confidence (margin between its two best places) and why it
# needs review; per candidate, the best-ranked candidate at the same place (near-duplicates
# are shown together with all their sources).
V_RANKING = """
ALTER TABLE cases ADD COLUMN confidence REAL;
ALTER TABLE cases ADD COLUMN review_reasons TEXT;  -- JSON like candidates.reasons
ALTER TABLE candidates ADD COLUMN dup_of INTEGER;  -- candidates.id of the same place's best
CREATE INDEX idx_candidates_unparsed ON candidates(case_id) WHERE parsed_at IS NULL;
"""

# Letters (issue 7): each mailing keeps the placeholder values its letter was printed
# with, so re-rendering a batch gives the same bytes even after the case changes.
V_LETTERS = """
ALTER TABLE mailings ADD COLUMN fields TEXT;
CREATE INDEX idx_mailings_batch ON mailings(batch_id, seq)
"""

# UI (issue 6): case-list search and sorting at scale. A trigram full-text index over the
# searchable case fields (substring search in Chinese: 3+ characters), kept in sync by
# triggers, and indexes for the sortable columns.
V_CASELIST = """
CREATE VIRTUAL TABLE cases_fts USING fts5(
    case_no, debtor_name, best_address, phones,
    content='cases', content_rowid='id', tokenize='trigram'
);
INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');
CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts (rowid, case_no, debtor_name, best_address, phones)
    VALUES (new.id, new.case_no, new.debtor_name, new.best_address, new.phones);
END;
CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, case_no, debtor_name, best_address, phones)
    VALUES ('delete', old.id, old.case_no, old.debtor_name, old.best_address, old.phones);
END;
CREATE TRIGGER cases_fts_au AFTER UPDATE OF case_no, debtor_name, best_address, phones
ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, case_no, debtor_name, best_address, phones)
    VALUES ('delete', old.id, old.case_no, old.debtor_name, old.best_address, old.phones);
    INSERT INTO cases_fts (rowid, case_no, debtor_name, best_address, phones)
    VALUES (new.id, new.case_no, new.debtor_name, new.best_address, new.phones);
END;
CREATE INDEX idx_cases_best_score ON cases(best_score);
CREATE INDEX idx_cases_updated ON cases(updated_at);
CREATE INDEX idx_cases_status_creditor ON cases(status, creditor);
CREATE INDEX idx_candidates_case_rank ON candidates(case_id, rank);
ALTER TABLE candidates ADD COLUMN review_note TEXT  -- why an operator marked it invalid
"""

# UI (issue 6), second step: covering indexes so that the per-status counts of a creditor
# or an import read only the index, and ordered walks by case number per status.
V_CASELIST_COUNTS = """
CREATE INDEX idx_cases_creditor_status ON cases(creditor, status);
CREATE INDEX idx_cases_import_status ON cases(import_id, status);
CREATE INDEX idx_cases_status_case_no ON cases(status, case_no)
"""

# UI (issue 6), third step: case counts per (status, creditor, import) kept by triggers,
# so the case list's totals and per-status counts never scan a million rows.
V_CASE_COUNTS = """
CREATE TABLE case_counts (
    status TEXT NOT NULL,
    creditor TEXT NOT NULL DEFAULT '',
    import_id INTEGER NOT NULL DEFAULT 0,
    n INTEGER NOT NULL,
    PRIMARY KEY (status, creditor, import_id)
) WITHOUT ROWID;
INSERT INTO case_counts (status, creditor, import_id, n)
    SELECT status, coalesce(creditor, ''), coalesce(import_id, 0), count(*)
    FROM cases GROUP BY 1, 2, 3;
CREATE TRIGGER case_counts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO case_counts (status, creditor, import_id, n)
    VALUES (new.status, coalesce(new.creditor, ''), coalesce(new.import_id, 0), 1)
    ON CONFLICT (status, creditor, import_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_counts_ad AFTER DELETE ON cases BEGIN
    UPDATE case_counts SET n = n - 1
    WHERE status = old.status AND creditor = coalesce(old.creditor, '')
      AND import_id = coalesce(old.import_id, 0);
END;
CREATE TRIGGER case_counts_au AFTER UPDATE OF status, creditor, import_id ON cases
WHEN old.status IS NOT new.status OR old.creditor IS NOT new.creditor
  OR old.import_id IS NOT new.import_id BEGIN
    UPDATE case_counts SET n = n - 1
    WHERE status = old.status AND creditor = coalesce(old.creditor, '')
      AND import_id = coalesce(old.import_id, 0);
    INSERT INTO case_counts (status, creditor, import_id, n)
    VALUES (new.status, coalesce(new.creditor, ''), coalesce(new.import_id, 0), 1)
    ON CONFLICT (status, creditor, import_id) DO UPDATE SET n = n + 1;
END
"""

# Ranking speed (issue 5): (case_id, rank) was never the order a query needs (they sort by
# status, rank IS NULL, rank, score…, so a temporary b-tree sorts a case's few candidates
# anyway) and idx_candidates_case finds them as fast; keeping it up to date cost a b-tree
# delete and insert per candidate whose rank changed.
V_DROP_CASE_RANK = """
DROP INDEX IF EXISTS idx_candidates_case_rank
"""

# Ranking speed (issue 5): the trigram index splits in two. cases_fts keeps what name and
# address searches read (debtor_name, best_address); phone fragments get phones_fts; the case
# number left the index (searched by prefix on its own index). A ranking that changes a
# case's best address used to delete and re-insert the trigrams of the case number and the
# phones too (two-thirds of that row's trigrams); now only the name and the address.
V_FTS_SPLIT = """
DROP TRIGGER IF EXISTS cases_fts_ai;
DROP TRIGGER IF EXISTS cases_fts_ad;
DROP TRIGGER IF EXISTS cases_fts_au;
DROP TABLE IF EXISTS cases_fts;
CREATE VIRTUAL TABLE cases_fts USING fts5(
    debtor_name, best_address, content='cases', content_rowid='id', tokenize='trigram'
);
INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE phones_fts USING fts5(
    phones, content='cases', content_rowid='id', tokenize='trigram'
);
INSERT INTO phones_fts(phones_fts) VALUES ('rebuild');
CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts (rowid, debtor_name, best_address)
    VALUES (new.id, new.debtor_name, new.best_address);
END;
CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, debtor_name, best_address)
    VALUES ('delete', old.id, old.debtor_name, old.best_address);
END;
CREATE TRIGGER cases_fts_au AFTER UPDATE OF debtor_name, best_address ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, debtor_name, best_address)
    VALUES ('delete', old.id, old.debtor_name, old.best_address);
    INSERT INTO cases_fts (rowid, debtor_name, best_address)
    VALUES (new.id, new.debtor_name, new.best_address);
END;
CREATE TRIGGER phones_fts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO phones_fts (rowid, phones) VALUES (new.id, new.phones);
END;
CREATE TRIGGER phones_fts_ad AFTER DELETE ON cases BEGIN
    INSERT INTO phones_fts (phones_fts, rowid, phones) VALUES ('delete', old.id, old.phones);
END;
CREATE TRIGGER phones_fts_au AFTER UPDATE OF phones ON cases BEGIN
    INSERT INTO phones_fts (phones_fts, rowid, phones) VALUES ('delete', old.id, old.phones);
    INSERT INTO phones_fts (rowid, phones) VALUES (new.id, new.phones);
END
"""
FTS_TRIGGERS = (
    "cases_fts_ai",
    "cases_fts_ad",
    "cases_fts_au",
    "phones_fts_ai",
    "phones_fts_ad",
    "phones_fts_au",
)

# Import speed (issue 4): no query looks candidates up by standard text or adcode (the case
# list filters on cases; delivery and letters join by id). Both indexes were only upkeep:
# every parse result written moved two b-tree entries, a long Chinese text among them.
V_DROP_CANDIDATE_TEXT_INDEXES = """
DROP INDEX IF EXISTS idx_candidates_standard;
DROP INDEX IF EXISTS idx_candidates_adcode
"""

# Index of a step is (target version - 1). Each step is a list of SQL statements.
MIGRATIONS: list[str] = [
    V1,
    V_DELIVERY,
    V_RANKING,
    V_LETTERS,
    V_CASELIST,
    V_CASELIST_COUNTS,
    V_CASE_COUNTS,
    V_DROP_CASE_RANK,
    V_FTS_SPLIT,
    V_DROP_CANDIDATE_TEXT_INDEXES,
]


def statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside string literals;
    trigger bodies ``BEGIN ...; END`` stay whole)."""
    out: list[str] = []
    buf = ""
    for chunk in script.split(";"):
        lines = [ln.split("--", 1)[0].rstrip() for ln in chunk.splitlines()]
        part = "\n".join(ln for ln in lines if ln.strip()).strip()
        if not part:
            continue
        buf = f"{buf};\n{part}" if buf else part
        if sqlite3.complete_statement(buf + ";"):
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out
