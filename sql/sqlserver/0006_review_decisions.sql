-- HewittBurden schema, version 6 (SQL Server): reviewers' decisions, append-only.
-- One row per decision: on a duplicate pair (subject 'pair', collection_a < collection_b, decision confirmed or
-- not_duplicate) or on a collection's recommendation (subject 'recommendation', action the recommendation token,
-- decision agreed, rejected or deferred). items_a/items_b are the versions of the item sets the decision was made on
-- (ReviewKeys.ItemsVersion): when a collection's items change the decision is stale. The latest row per subject counts;
-- rows are never updated or deleted (the trigger refuses it).

IF OBJECT_ID(N'burden.review_decisions', N'U') IS NULL
CREATE TABLE burden.review_decisions (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_review_decisions PRIMARY KEY,
    subject nvarchar(20) NOT NULL CONSTRAINT ck_review_decisions_subject CHECK (subject IN (N'pair', N'recommendation')),
    collection_a nvarchar(400) NOT NULL,
    collection_b nvarchar(400) NULL,
    action nvarchar(40) NULL,
    decision nvarchar(20) NOT NULL CONSTRAINT ck_review_decisions_decision CHECK (decision IN (N'confirmed', N'not_duplicate', N'agreed', N'rejected', N'deferred')),
    items_a nvarchar(64) NOT NULL,
    items_b nvarchar(64) NULL,
    org_code nvarchar(100) NULL,
    period nvarchar(20) NULL,
    decided_by nvarchar(400) NOT NULL,
    decided_at datetimeoffset NOT NULL,
    note nvarchar(max) NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_review_decisions_org' AND object_id = OBJECT_ID(N'burden.review_decisions'))
    CREATE INDEX ix_review_decisions_org ON burden.review_decisions (org_code, id);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_review_decisions_subject' AND object_id = OBJECT_ID(N'burden.review_decisions'))
    CREATE INDEX ix_review_decisions_subject ON burden.review_decisions (collection_a, id);
GO
CREATE OR ALTER TRIGGER burden.tr_review_decisions_append_only ON burden.review_decisions
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 51000, N'review decisions are append-only', 1;
END;
GO
