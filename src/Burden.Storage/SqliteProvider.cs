using System.Data;
using System.Data.Common;
using System.Globalization;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Microsoft.Data.Sqlite;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>SQLite: one file, WAL journal, a busy timeout, foreign keys on; days, instants and decimals kept as exact text.</summary>
internal sealed class SqliteProvider : StorageProvider
{
    /// <summary>How long a connection waits for another writer before failing.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    /// <summary>Rows per committed slice of a large file: a few tenths of a second of writing, so another writer waits at most that long.</summary>
    public const int DefaultSliceRows = 25_000;

    private readonly string _connectionString;
    private int _walSet;

    /// <summary>Uses the SQLite file named by <paramref name="connectionString"/> (its folder is created on first use).</summary>
    public SqliteProvider(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            // Each pooled connection would get its own empty database; the store needs one shared file.
            throw new BurdenException($"'{connectionString}' is an in-memory SQLite database; give a file path such as data/burden.db");
        }
        FilePath = builder.DataSource;
        _connectionString = builder.ToString();
    }

    /// <inheritdoc />
    /// <remarks>SQLite has one write lock for the whole file: a file written in one transaction would hold it for the whole file.</remarks>
    public override int? SliceRows => Slices;

    /// <summary>Rows per slice, or null for one transaction per file (the behaviour before schema version 9, kept for <c>burden bench contention</c>).</summary>
    public int? Slices { get; init; } = DefaultSliceRows;

    /// <inheritdoc />
    /// <remarks>
    /// No automatic checkpoint after each slice's commit: a slice touches most pages of the request indexes, so copying
    /// the WAL into the database after every slice would write those pages once per slice (and sync the file each time).
    /// The WAL holds them until the file is done; commits stay durable in the WAL, and a crash replays it as usual.
    /// </remarks>
    public override string? BeforeSlices => "PRAGMA wal_autocheckpoint = 0;";

    /// <inheritdoc />
    /// <remarks>Back to SQLite's default of 1,000 pages, then one passive checkpoint (it never waits for readers).</remarks>
    public override string? AfterSlices => "PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint(PASSIVE);";

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override string Describe => $"SQLite file {FilePath}";

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(FilePath));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                // busy_timeout is per connection; journal_mode=WAL is stored in the file, so once per process is enough.
                pragma.CommandText = Interlocked.Exchange(ref _walSet, 1) == 0
                    ? $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA cache_size = -65536; PRAGMA journal_mode = WAL;"
                    : $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA cache_size = -65536;";
                pragma.ExecuteNonQuery();
            }
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            Interlocked.Exchange(ref _walSet, 0);
            throw new BurdenException($"Cannot open {Describe}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // BEGIN IMMEDIATE: take the write lock now (waiting up to the busy timeout) rather than failing at the first write.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <inheritdoc />
    public override string Table(string name) => name;

    /// <inheritdoc />
    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) RETURNING id";

    /// <inheritdoc />
    public override string Upsert(string table, string key, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) " +
        $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", columns.Where(c => c != key).Select(c => $"{c} = excluded.{c}"))}";

    /// <inheritdoc />
    public override string InsertUnlessFingerprintStored(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) " +
        "ON CONFLICT (received_date, org_code, fingerprint) DO NOTHING";

    /// <inheritdoc />
    public override string SelectFirst(int rows, string body) => $"SELECT {body} LIMIT {rows.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public override string EnsureSchemaVersionTable =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL)";

    /// <inheritdoc />
    public override string? MigrationLock => null;

    /// <inheritdoc />
    public override DbType DateType => DbType.String;

    /// <inheritdoc />
    public override object? DateValue(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override DbType InstantType => DbType.String;

    /// <inheritdoc />
    public override object InstantValue(DateTimeOffset instant) => InstantText(instant);

    /// <inheritdoc />
    public override DbType DecimalType => DbType.String;

    /// <inheritdoc />
    public override object? DecimalValue(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override object BoolValue(bool value) => value ? 1L : 0L;

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <inheritdoc />
    public override IFileRowWriter CreateFileRowWriter(DbConnection connection, DbTransaction transaction, long fileId, StoreQueries queries) =>
        new SqliteFileRowWriter((SqliteConnection)connection, (SqliteTransaction)transaction, fileId, queries, this);

    /// <summary>Three prepared commands, parameters created once and values set per row.</summary>
    private sealed class SqliteFileRowWriter : IFileRowWriter, IGatheredRequestWriter
    {
        private readonly SqliteProvider _provider;
        private readonly long _fileId;
        private readonly PreparedInsert _request;
        private readonly PreparedInsert _catalogue;
        private readonly PreparedInsert _reject;
        private readonly PreparedInsert _copy;

        public SqliteFileRowWriter(SqliteConnection connection, SqliteTransaction transaction, long fileId, StoreQueries queries, SqliteProvider provider)
        {
            _provider = provider;
            _fileId = fileId;
            _request = new PreparedInsert(connection, transaction, queries.InsertRequest, StoreQueries.RequestColumns);
            _catalogue = new PreparedInsert(connection, transaction, queries.InsertCatalogue, StoreQueries.CatalogueColumns);
            _reject = new PreparedInsert(connection, transaction, queries.InsertReject, StoreQueries.RejectColumns);
            _copy = new PreparedInsert(connection, transaction, queries.InsertCopy, StoreQueries.CopyColumns);
        }

        public int RequestsStored { get; private set; }

        public ValueTask AddRequestAsync(RequestRecord request, byte[] fingerprint, int line, CancellationToken cancellationToken)
        {
            var row = new RequestToStore(_fileId, line, request, fingerprint);
            if (_request.Execute(StoredColumns.Requests, row, _provider) == 1)
            {
                RequestsStored++;
            }
            else
            {
                // Another row holds this request: remember this file holds it too, so removing that row's file passes it here.
                _copy.Execute(StoredColumns.Requests, row, _provider);
            }
            return ValueTask.CompletedTask;
        }

        public void AddGatheredRequest(ReadOnlySpan<byte> values)
        {
            if (_request.Execute(StoredColumns.Requests, values, _fileId) == 1)
            {
                RequestsStored++;
            }
            else
            {
                _copy.Execute(StoredColumns.Requests, values, _fileId);
            }
        }

        public ValueTask AddCatalogueAsync(CatalogueEntry entry, int line, CancellationToken cancellationToken)
        {
            _catalogue.Execute(StoredColumns.Catalogue, new CatalogueToStore(_fileId, line, entry), _provider);
            return ValueTask.CompletedTask;
        }

        public ValueTask AddRejectAsync(IngestIssue issue, CancellationToken cancellationToken)
        {
            _reject.Execute(StoredColumns.Rejects, new RejectToStore(_fileId, issue), _provider);
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            _request.Dispose();
            _catalogue.Dispose();
            _reject.Dispose();
            _copy.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// One INSERT prepared once per file and run per row on the file's connection and transaction, binding values by
    /// position through SQLitePCLRaw (the engine Microsoft.Data.Sqlite sits on).
    /// </summary>
    /// <remarks>
    /// Microsoft.Data.Sqlite looks every parameter up by name on every execution; on a 16-column insert that was over a
    /// third of the writer's time in bulk ingest. Positions are resolved from the names once, when the statement is
    /// prepared. Values are what the provider stores: null, text, whole numbers, doubles or bytes.
    /// </remarks>
    private sealed class PreparedInsert : IDisposable
    {
        private readonly SQLitePCL.sqlite3 _db;
        private readonly SQLitePCL.sqlite3_stmt _statement;
        private readonly int[] _positions;

        public PreparedInsert(SqliteConnection connection, SqliteTransaction transaction, string sql, IReadOnlyList<string> columns)
        {
            // The transaction is the connection's: statements on its handle run inside it.
            _ = transaction;
            _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
            Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, sql, out _statement));
            _positions = new int[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                _positions[i] = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "@" + columns[i]);
                if (_positions[i] == 0)
                {
                    throw new InvalidOperationException($"The insert has no parameter @{columns[i]}: {sql}");
                }
            }
        }

        /// <summary>Runs the insert with <paramref name="row"/>'s values (the same <paramref name="columns"/> it was prepared with); returns the rows inserted (0 when a conflict skipped it).</summary>
        public int Execute<TRow>(IReadOnlyList<StoredColumn<TRow>> columns, TRow row, StorageProvider provider)
        {
            for (var i = 0; i < _positions.Length; i++)
            {
                var position = _positions[i];
                Check(columns[i].Value(row, provider) switch
                {
                    null or DBNull => SQLitePCL.raw.sqlite3_bind_null(_statement, position),
                    string text => SQLitePCL.raw.sqlite3_bind_text(_statement, position, text),
                    long number => SQLitePCL.raw.sqlite3_bind_int64(_statement, position, number),
                    int number => SQLitePCL.raw.sqlite3_bind_int64(_statement, position, number),
                    double number => SQLitePCL.raw.sqlite3_bind_double(_statement, position, number),
                    byte[] bytes => SQLitePCL.raw.sqlite3_bind_blob(_statement, position, bytes),
                    bool flag => SQLitePCL.raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0),
                    var other => throw new InvalidOperationException($"No SQLite storage for a {other.GetType().Name}"),
                });
            }
            return Step();
        }

        /// <summary>Runs the insert with one request's values as a <see cref="GatheredSlice"/> encoded them (the same <paramref name="columns"/> it was prepared with), <paramref name="fileId"/> for the file id.</summary>
        public int Execute<TRow>(IReadOnlyList<StoredColumn<TRow>> columns, ReadOnlySpan<byte> values, long fileId)
        {
            var binder = new Binder(this);
            GatheredSlice.Bind(columns, values, fileId, ref binder);
            return Step();
        }

        private int Step()
        {
            var step = SQLitePCL.raw.sqlite3_step(_statement);
            if (step != SQLitePCL.raw.SQLITE_DONE)
            {
                // Read the error before the reset: the statement is reset either way, ready for the next file or a retry.
                var error = Error(step);
                SQLitePCL.raw.sqlite3_reset(_statement);
                throw error;
            }
            SQLitePCL.raw.sqlite3_reset(_statement);
            return SQLitePCL.raw.sqlite3_changes(_db);
        }

        public void Dispose() => _statement.Dispose();

        /// <summary>Binds gathered values by the positions resolved when the statement was prepared.</summary>
        private readonly struct Binder(PreparedInsert insert) : IValueBinder
        {
            public void Null(int column) => insert.Check(SQLitePCL.raw.sqlite3_bind_null(insert._statement, insert._positions[column]));

            public void Integer(int column, long value) => insert.Check(SQLitePCL.raw.sqlite3_bind_int64(insert._statement, insert._positions[column], value));

            public void Real(int column, double value) => insert.Check(SQLitePCL.raw.sqlite3_bind_double(insert._statement, insert._positions[column], value));

            // An empty span has no address, and SQLite binds a null pointer as NULL: empty text and bytes are bound as themselves.
            public void Text(int column, ReadOnlySpan<byte> utf8) => insert.Check(utf8.IsEmpty
                ? SQLitePCL.raw.sqlite3_bind_text(insert._statement, insert._positions[column], "")
                : SQLitePCL.raw.sqlite3_bind_text(insert._statement, insert._positions[column], utf8));

            public void Blob(int column, ReadOnlySpan<byte> bytes) => insert.Check(bytes.IsEmpty
                ? SQLitePCL.raw.sqlite3_bind_zeroblob(insert._statement, insert._positions[column], 0)
                : SQLitePCL.raw.sqlite3_bind_blob(insert._statement, insert._positions[column], bytes));
        }

        private void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                throw Error(rc);
            }
        }

        // The same exception Microsoft.Data.Sqlite raises, so unique violations and busy errors are recognised as before.
        private SqliteException Error(int rc) =>
            new(SQLitePCL.raw.sqlite3_errmsg(_db).utf8_to_string(), rc, SQLitePCL.raw.sqlite3_extended_errcode(_db));
    }
}
