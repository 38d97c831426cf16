using Burden.Core.Catalogue;
using Burden.Core.Ingest;

namespace Burden.Storage;

/// <summary>What a stored column holds; each provider maps a kind to its own type (staging DDL, bulk-copy column, COPY type).</summary>
internal enum ColumnKind
{
    /// <summary>A row id (64-bit).</summary>
    Id,

    /// <summary>A whole number (32-bit): line numbers, counts.</summary>
    Number,

    /// <summary>An organisation code: short text that is indexed.</summary>
    Code,

    /// <summary>A stored token such as a frequency: short ASCII text.</summary>
    Token,

    /// <summary>Text of any length.</summary>
    Text,

    /// <summary>Text that may be indexed (a collection or approval reference).</summary>
    IndexedText,

    /// <summary>A day.</summary>
    Day,

    /// <summary>An exact decimal.</summary>
    Decimal,

    /// <summary>The 16-byte request fingerprint.</summary>
    Fingerprint,
}

/// <summary>One column a file's writer fills: its name, kind, whether it takes nulls, and how a row's value is stored.</summary>
/// <typeparam name="TRow">The row being written.</typeparam>
/// <param name="Name">The column's name in every engine.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Nullable">True when null is allowed.</param>
/// <param name="Value">The row's value in the form the given provider stores it (null for SQL NULL).</param>
/// <param name="ReadAs">The property of the store's read shape this column is selected as, or null when it is not read back.</param>
internal sealed record StoredColumn<TRow>(string Name, ColumnKind Kind, bool Nullable, Func<TRow, StorageProvider, object?> Value, string? ReadAs = null);

/// <summary>A request ready to store: its file, line, record and fingerprint.</summary>
internal readonly record struct RequestToStore(long FileId, int Line, RequestRecord Request, byte[] Fingerprint);

/// <summary>A catalogue entry ready to store.</summary>
internal readonly record struct CatalogueToStore(long FileId, int Line, CatalogueEntry Entry);

/// <summary>A reject ready to store.</summary>
internal readonly record struct RejectToStore(long FileId, IngestIssue Issue);

/// <summary>
/// The column maps every file writer uses (SQLite's prepared inserts, SQL Server's bulk copy and staging table,
/// PostgreSQL's binary COPY and staging table) and the request query selects from: written once, here.
/// </summary>
internal static class StoredColumns
{
    /// <summary>Columns of <c>requests</c>, in bulk-insert order.</summary>
    public static IReadOnlyList<StoredColumn<RequestToStore>> Requests { get; } =
    [
        new("file_id", ColumnKind.Id, false, static (r, _) => r.FileId),
        new("line", ColumnKind.Number, false, static (r, _) => r.Line, "SourceLine"),
        new("org_code", ColumnKind.Code, false, static (r, _) => r.Request.OrgCode.Value, "OrgCode"),
        new("received_date", ColumnKind.Day, false, static (r, p) => p.DateValue(r.Request.ReceivedDate), "ReceivedDate"),
        new("requester", ColumnKind.Text, false, static (r, _) => r.Request.Requester, "Requester"),
        new("title", ColumnKind.Text, false, static (r, _) => r.Request.Title, "Title"),
        new("frequency", ColumnKind.Token, false, static (r, _) => r.Request.Frequency.Token(), "Frequency"),
        new("data_items", ColumnKind.Text, false, static (r, _) => StoredTokens.JoinItems(r.Request.DataItems), "DataItems"),
        new("collection_ref", ColumnKind.IndexedText, true, static (r, _) => r.Request.CollectionRef, "CollectionRef"),
        new("hours_spent", ColumnKind.Decimal, true, static (r, p) => p.DecimalValue(r.Request.HoursSpent), "HoursSpent"),
        new("staff_band", ColumnKind.Text, true, static (r, _) => r.Request.StaffBand, "StaffBand"),
        new("channel", ColumnKind.Text, true, static (r, _) => r.Request.Channel, "Channel"),
        new("due_date", ColumnKind.Day, true, static (r, p) => p.DateValue(r.Request.DueDate), "DueDate"),
        new("purpose", ColumnKind.Text, true, static (r, _) => r.Request.Purpose, "Purpose"),
        new("approval_ref", ColumnKind.IndexedText, true, static (r, _) => r.Request.ApprovalRef, "ApprovalRef"),
        new("fingerprint", ColumnKind.Fingerprint, false, static (r, _) => r.Fingerprint),
    ];

    /// <summary>Columns of <c>catalogue_entries</c>, in bulk-insert order.</summary>
    public static IReadOnlyList<StoredColumn<CatalogueToStore>> Catalogue { get; } =
    [
        new("file_id", ColumnKind.Id, false, static (c, _) => c.FileId),
        new("line", ColumnKind.Number, false, static (c, _) => c.Line),
        new("collection_ref", ColumnKind.IndexedText, false, static (c, _) => c.Entry.CollectionRef),
        new("title", ColumnKind.Text, false, static (c, _) => c.Entry.Title),
        new("requester", ColumnKind.Text, false, static (c, _) => c.Entry.Requester),
        new("frequency", ColumnKind.Token, false, static (c, _) => c.Entry.Frequency.Token()),
        new("data_items", ColumnKind.Text, false, static (c, _) => StoredTokens.JoinItems(c.Entry.DataItems)),
        new("respondents", ColumnKind.Number, false, static (c, _) => c.Entry.Respondents),
        new("hours_per_submission", ColumnKind.Decimal, false, static (c, p) => p.DecimalValue(c.Entry.HoursPerSubmission)),
        new("purpose", ColumnKind.Text, true, static (c, _) => c.Entry.Purpose),
        new("consumer", ColumnKind.Text, true, static (c, _) => c.Entry.Consumer),
        new("publication", ColumnKind.Text, true, static (c, _) => c.Entry.Publication),
        new("approval_ref", ColumnKind.IndexedText, true, static (c, _) => c.Entry.ApprovalRef),
        new("approval_expiry", ColumnKind.Day, true, static (c, p) => p.DateValue(c.Entry.ApprovalExpiry)),
        new("automated_source", ColumnKind.Text, true, static (c, _) => c.Entry.AutomatedSource),
        new("last_used", ColumnKind.Day, true, static (c, p) => p.DateValue(c.Entry.LastUsed)),
    ];

    /// <summary>Columns of <c>rejects</c>, in bulk-insert order.</summary>
    public static IReadOnlyList<StoredColumn<RejectToStore>> Rejects { get; } =
    [
        new("file_id", ColumnKind.Id, false, static (r, _) => r.FileId),
        new("line", ColumnKind.Number, false, static (r, _) => r.Issue.Line),
        new("column_name", ColumnKind.Text, true, static (r, _) => r.Issue.Column),
        new("value_text", ColumnKind.Text, true, static (r, _) => r.Issue.Value),
        new("message", ColumnKind.Text, false, static (r, _) => r.Issue.Message),
    ];

    /// <summary>The names of <paramref name="columns"/>, in order.</summary>
    public static string[] Names<TRow>(IReadOnlyList<StoredColumn<TRow>> columns) => columns.Select(c => c.Name).ToArray();

    /// <summary>A staging table's column definitions for <paramref name="columns"/>, with <paramref name="typeOf"/> naming each kind's type.</summary>
    public static string Definitions<TRow>(IReadOnlyList<StoredColumn<TRow>> columns, Func<ColumnKind, string> typeOf) =>
        string.Join(", ", columns.Select(c => $"{c.Name} {typeOf(c.Kind)} {(c.Nullable ? "NULL" : "NOT NULL")}"));

    /// <summary>The request columns read back, as <c>r.column AS Property</c>.</summary>
    public static string RequestSelectList(string alias) =>
        string.Join(", ", Requests.Where(c => c.ReadAs is not null).Select(c => $"{alias}.{c.Name} AS {c.ReadAs}"));
}
