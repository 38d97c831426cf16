-- HewittBurden schema, version 6 (SQLite): reviewers' decisions, append-only.
-- One row per decision: on a duplicate pair (subject 'pair', collection_a < collection_b, decision confirmed or
-- not_duplicate) or on a collection's recommendation (subject 'recommendation', action the recommendation token,
-- decision agreed, rejected or deferred). items_a/items_b are the versions of the item sets the decision was made on
-- (ReviewKeys.ItemsVersion): when a collection's items change the decision is stale. The latest row per subject counts;
-- rows are never updated or deleted (the triggers refuse it), so the record of who decided what, when, stays whole.

CREATE TABLE IF NOT EXISTS review_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL CHECK (subject IN ('pair', 'recommendation')),
    collection_a TEXT NOT NULL,
    collection_b TEXT NULL,
    action TEXT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'not_duplicate', 'agreed', 'rejected', 'deferred')),
    items_a TEXT NOT NULL,
    items_b TEXT NULL,
    org_code TEXT NULL,
    period TEXT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    note TEXT NULL
);

CREATE INDEX IF NOT EXISTS ix_review_decisions_org ON review_decisions (org_code, id);
CREATE INDEX IF NOT EXISTS ix_review_decisions_subject ON review_decisions (collection_a, id);

CREATE TRIGGER IF NOT EXISTS tr_review_decisions_no_update BEFORE UPDATE ON review_decisions
BEGIN
    SELECT RAISE(ABORT, 'review decisions are append-only');
END;

CREATE TRIGGER IF NOT EXISTS tr_review_decisions_no_delete BEFORE DELETE ON review_decisions
BEGIN
    SELECT RAISE(ABORT, 'review decisions are append-only');
END;
