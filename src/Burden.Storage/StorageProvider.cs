using System.Data;
using System.Data.Common;
using System.Globalization;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>
/// One database engine (SQLite, SQL Server, PostgreSQL): it opens connections, begins write transactions, owns the bulk
/// writer for a file's rows, and supplies the SQL that differs; everything else lives once in <see cref="DapperBurdenStore"/>
/// and <see cref="StoreQueries"/>.
/// </summary>
/// <remarks>
/// What differs: qualified table names, returning a new id, upsert, paging (LIMIT vs TOP), how days, instants, decimals
/// and flags are stored, the migration lock, and how <c>SaveFileAsync</c> writes rows (prepared inserts, SqlBulkCopy, binary
/// COPY). Column lists come from <see cref="StoredColumns"/>, written once.
/// </remarks>
internal abstract class StorageProvider
{
    /// <summary>Folder under <c>sql/</c> holding this engine's schema scripts (<c>sqlite</c>, <c>sqlserver</c>).</summary>
    public abstract string Name { get; }

    /// <summary>A short description of the database for messages (a file path, or server and database).</summary>
    public abstract string Describe { get; }

    /// <summary>Opens a connection ready for use (pragmas set, clear failure when the server is missing).</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins the transaction that holds the write lock for a file or a migration.</summary>
    public virtual Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(cancellationToken).AsTask();

    /// <summary>
    /// Rows a large file is written in per committed slice while it is 'loading' (invisible to readers), or null to write
    /// every file in one transaction. Only an engine whose write lock covers the whole database needs slices (SQLite).
    /// </summary>
    public virtual int? SliceRows => null;

    /// <summary>SQL run on the connection before a file's first slice (null for none): what the engine defers while slices are written.</summary>
    public virtual string? BeforeSlices => null;

    /// <summary>SQL run on the connection after a file's last slice, committed or not (null for none): undoes <see cref="BeforeSlices"/>.</summary>
    public virtual string? AfterSlices => null;

    /// <summary>The table's name as used in queries (schema-qualified where the engine has schemas).</summary>
    public abstract string Table(string name);

    /// <summary>An INSERT of <paramref name="columns"/> (parameters named like the columns) that returns the new <c>id</c>.</summary>
    public abstract string InsertReturningId(string table, IReadOnlyList<string> columns);

    /// <summary>Insert, or update every other column when a row with the same <paramref name="key"/> exists.</summary>
    public abstract string Upsert(string table, string key, IReadOnlyList<string> columns);

    /// <summary>An INSERT of one request row (parameters named like <paramref name="columns"/>) that inserts nothing when a row with the same <c>fingerprint</c> is stored.</summary>
    public abstract string InsertUnlessFingerprintStored(string table, IReadOnlyList<string> columns);

    /// <summary>Creates the staging table a bulk writer copies requests into, or null when the engine inserts them one by one.</summary>
    public virtual string? CreateRequestStaging(string table) => null;

    /// <summary>Moves staged requests not already stored into <paramref name="table"/>, empties the staging table and returns the number moved; null without staging.</summary>
    public virtual string? MoveStagedRequests(string table, IReadOnlyList<string> columns) => null;

    /// <summary>A SELECT returning at most <paramref name="rows"/> rows; <paramref name="body"/> is everything after SELECT.</summary>
    public abstract string SelectFirst(int rows, string body);

    /// <summary>One page of an ordered query: <c>@skip</c> rows left out, then at most <c>@take</c>.</summary>
    public virtual string Page(string orderedQuery) => $"{orderedQuery} LIMIT @take OFFSET @skip";

    /// <summary>Creates the schema-version table when missing (run inside the migration transaction).</summary>
    public abstract string EnsureSchemaVersionTable { get; }

    /// <summary>Takes a lock that serialises migrations from several processes, or null when the write transaction already does.</summary>
    public abstract string? MigrationLock { get; }

    /// <summary>Splits a schema script into the batches the engine executes one by one.</summary>
    public virtual IEnumerable<string> Batches(string script) => [script];

    /// <summary>How a day is stored.</summary>
    public abstract DbType DateType { get; }

    /// <summary>A day as stored (null stays null).</summary>
    public abstract object? DateValue(DateOnly? date);

    /// <summary>How an instant is stored.</summary>
    public abstract DbType InstantType { get; }

    /// <summary>An instant as stored.</summary>
    public abstract object InstantValue(DateTimeOffset instant);

    /// <summary>How an exact decimal is stored.</summary>
    public abstract DbType DecimalType { get; }

    /// <summary>An exact decimal as stored (null stays null).</summary>
    public abstract object? DecimalValue(decimal? value);

    /// <summary>A flag as stored.</summary>
    public abstract object BoolValue(bool value);

    /// <summary>True when <paramref name="exception"/> is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Creates the writer that streams one file's rows inside <paramref name="transaction"/>.</summary>
    public abstract IFileRowWriter CreateFileRowWriter(DbConnection connection, DbTransaction transaction, long fileId, StoreQueries queries);

    /// <summary>Reads a stored day, whichever way the engine returns it.</summary>
    public static DateOnly? ReadDate(object? value) => value switch
    {
        null or DBNull => null,
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Unexpected stored date {value.GetType().Name}"),
    };

    /// <summary>Reads a stored instant.</summary>
    public static DateTimeOffset ReadInstant(object? value) => value switch
    {
        DateTimeOffset d => d,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string s => DateTimeOffset.ParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.None),
        _ => throw new InvalidCastException($"Unexpected stored instant {value?.GetType().Name ?? "null"}"),
    };

    /// <summary>Reads a stored exact decimal.</summary>
    public static decimal? ReadDecimal(object? value) => value switch
    {
        null or DBNull => null,
        decimal d => d,
        string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        long l => l,
        double d => (decimal)d,
        _ => throw new InvalidCastException($"Unexpected stored decimal {value.GetType().Name}"),
    };

    /// <summary>Reads a stored flag.</summary>
    public static bool ReadBool(object? value) => Convert.ToBoolean(value, CultureInfo.InvariantCulture);

    /// <summary>Formats an instant as stored in text (ISO 8601 round-trip, offset kept).</summary>
    protected static string InstantText(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>Streams one file's accepted rows and rejects into the database inside the file's transaction.</summary>
internal interface IFileRowWriter : IAsyncDisposable
{
    /// <summary>Adds an accepted request from line <paramref name="line"/>, unless its <paramref name="fingerprint"/> is already stored.</summary>
    ValueTask AddRequestAsync(RequestRecord request, byte[] fingerprint, int line, CancellationToken cancellationToken);

    /// <summary>Requests actually inserted so far (complete after <see cref="FlushAsync"/>); the rest were already stored.</summary>
    int RequestsStored { get; }

    /// <summary>Adds an accepted catalogue entry from line <paramref name="line"/>.</summary>
    ValueTask AddCatalogueAsync(CatalogueEntry entry, int line, CancellationToken cancellationToken);

    /// <summary>Adds one reason a row was rejected.</summary>
    ValueTask AddRejectAsync(IngestIssue issue, CancellationToken cancellationToken);

    /// <summary>Writes whatever is still buffered.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}

/// <summary>Stored text forms of enums, identical on both engines.</summary>
internal static class StoredTokens
{
    /// <summary>Data items and baseline item keys are joined with a line feed: items never contain line breaks.</summary>
    public const char ItemSeparator = '\n';

    /// <summary>Joins items for storage.</summary>
    public static string JoinItems(IReadOnlyList<string> items) => string.Join(ItemSeparator, items);

    /// <summary>Splits stored items.</summary>
    public static IReadOnlyList<string> SplitItems(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(ItemSeparator);

    /// <summary><c>request_log</c> or <c>catalogue</c>.</summary>
    public static string Kind(LogKind kind) => kind switch
    {
        LogKind.RequestLog => "request_log",
        LogKind.Catalogue => "catalogue",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a stored kind.</summary>
    public static LogKind ParseKind(string text) => text switch
    {
        "request_log" => LogKind.RequestLog,
        "catalogue" => LogKind.Catalogue,
        _ => throw new InvalidDataException($"Unknown stored file kind '{text}'"),
    };

    /// <summary>Lower-case status name.</summary>
    public static string Status(UploadStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Parses a stored status.</summary>
    public static UploadStatus ParseStatus(string text) => Enum.Parse<UploadStatus>(text, ignoreCase: true);
}
