using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Microsoft.Data.SqlClient;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>SQL Server: tables in the <c>burden</c> schema, <c>date</c>/<c>datetimeoffset</c>/<c>decimal</c>/<c>bit</c> columns, SqlBulkCopy for files.</summary>
internal sealed partial class SqlServerProvider : StorageProvider
{
    /// <summary>The schema holding every table.</summary>
    public const string Schema = "burden";

    /// <summary>Rows buffered per table before one SqlBulkCopy call.</summary>
    public const int BulkBatchRows = 10_000;

    private readonly string _connectionString;
    private readonly string _server;
    private readonly string _database;
    private readonly int _connectTimeout;

    /// <summary>Uses the database named by <paramref name="connectionString"/>.</summary>
    public SqlServerProvider(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new BurdenException($"'--db' looks like a SQL Server connection string but is not a valid one: {ex.Message}", ex);
        }
        _server = builder.DataSource;
        _database = builder.InitialCatalog;
        _connectTimeout = builder.ConnectTimeout;
        _connectionString = builder.ConnectionString;
    }

    /// <inheritdoc />
    public override string Name => "sqlserver";

    /// <inheritdoc />
    public override string Describe => $"SQL Server '{_server}', database '{(_database.Length == 0 ? "(default)" : _database)}'";

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqlException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new BurdenException(
                $"Cannot connect to {Describe} (gave up after the {_connectTimeout}s Connect Timeout): {FirstLine(ex.Message)}. " +
                "Check --db / BURDEN_DB, that the server is running and reachable, and the credentials.", ex);
        }
    }

    /// <inheritdoc />
    public override string Table(string name) => $"{Schema}.{name}";

    /// <inheritdoc />
    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) OUTPUT INSERTED.id VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";

    /// <inheritdoc />
    public override string Upsert(string table, string key, IReadOnlyList<string> columns) =>
        $"MERGE {table} WITH (HOLDLOCK) AS t USING (SELECT @{key} AS {key}) AS s ON t.{key} = s.{key} " +
        $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", columns.Where(c => c != key).Select(c => $"{c} = @{c}"))} " +
        $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))});";

    /// <summary>The session's staging table for bulk-copied requests (dropped with the transaction on rollback, or when the pooled session is reset).</summary>
    public const string RequestStaging = "#request_staging";

    /// <inheritdoc />
    public override string InsertUnlessFingerprintStored(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select(c => "@" + c))} " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {table} o WITH (UPDLOCK, HOLDLOCK) WHERE o.received_date = @received_date AND o.org_code = @org_code AND o.fingerprint = @fingerprint)";

    /// <inheritdoc />
    public override string CreateRequestStaging(string table) =>
        $"CREATE TABLE {RequestStaging} ({StoredColumns.Definitions(StoredColumns.Requests, ServerType)})";

    /// <summary>The SQL Server type of a column kind (as in <c>sql/sqlserver/</c>).</summary>
    internal static string ServerType(ColumnKind kind) => kind switch
    {
        ColumnKind.Id => "bigint",
        ColumnKind.Number => "int",
        ColumnKind.Code => "nvarchar(100)",
        ColumnKind.Token => "varchar(20)",
        ColumnKind.Text => "nvarchar(max)",
        ColumnKind.IndexedText => "nvarchar(450)",
        ColumnKind.Day => "date",
        ColumnKind.Decimal => "decimal(28, 8)",
        ColumnKind.Fingerprint => "binary(16)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The .NET type a bulk-copied column of <paramref name="kind"/> carries.</summary>
    private static Type BulkType(ColumnKind kind) => kind switch
    {
        ColumnKind.Id => typeof(long),
        ColumnKind.Number => typeof(int),
        ColumnKind.Day => typeof(DateTime),
        ColumnKind.Decimal => typeof(decimal),
        ColumnKind.Fingerprint => typeof(byte[]),
        _ => typeof(string),
    };

    /// <inheritdoc />
    public override string MoveStagedRequests(string table, IReadOnlyList<string> columns)
    {
        var list = string.Join(", ", columns);
        // First line wins within the batch; the lock hints hold the checked fingerprints until commit, so a concurrent file cannot slip the same request in.
        return "DECLARE @stored int; " +
            $"INSERT INTO {table} ({list}) SELECT {string.Join(", ", columns.Select(c => "x." + c))} FROM (" +
            $"SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.fingerprint ORDER BY s.line) AS copy_number FROM {RequestStaging} s) x " +
            $"WHERE x.copy_number = 1 AND NOT EXISTS (SELECT 1 FROM {table} r WITH (UPDLOCK, HOLDLOCK) WHERE r.received_date = x.received_date AND r.org_code = x.org_code AND r.fingerprint = x.fingerprint); " +
            $"SET @stored = @@ROWCOUNT; DELETE FROM {RequestStaging}; SELECT @stored;";
    }

    /// <inheritdoc />
    public override string SelectFirst(int rows, string body) => $"SELECT TOP ({rows.ToString(CultureInfo.InvariantCulture)}) {body}";

    /// <inheritdoc />
    public override string EnsureSchemaVersionTable =>
        $"IF SCHEMA_ID(N'{Schema}') IS NULL EXEC(N'CREATE SCHEMA {Schema}'); " +
        $"IF OBJECT_ID(N'{Schema}.schema_version', N'U') IS NULL " +
        $"CREATE TABLE {Schema}.schema_version (version int NOT NULL CONSTRAINT pk_schema_version PRIMARY KEY, script nvarchar(200) NOT NULL, applied_at datetimeoffset NOT NULL);";

    /// <inheritdoc />
    public override string? MigrationLock =>
        "DECLARE @result int; EXEC @result = sp_getapplock @Resource = N'burden.migrate', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 60000; " +
        "IF @result < 0 THROW 50001, N'Timed out waiting for another process to finish migrating the burden schema.', 1;";

    /// <inheritdoc />
    public override IEnumerable<string> Batches(string script) =>
        GoSeparator().Split(script).Where(batch => !string.IsNullOrWhiteSpace(batch));

    /// <inheritdoc />
    public override DbType DateType => DbType.Date;

    /// <inheritdoc />
    public override object? DateValue(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    /// <inheritdoc />
    public override DbType InstantType => DbType.DateTimeOffset;

    /// <inheritdoc />
    public override object InstantValue(DateTimeOffset instant) => instant;

    /// <inheritdoc />
    public override DbType DecimalType => DbType.Decimal;

    /// <inheritdoc />
    public override object? DecimalValue(decimal? value) => value;

    /// <inheritdoc />
    public override object BoolValue(bool value) => value;

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) => exception is SqlException { Number: 2627 or 2601 };

    /// <inheritdoc />
    public override IFileRowWriter CreateFileRowWriter(DbConnection connection, DbTransaction transaction, long fileId, StoreQueries queries) =>
        new BulkFileRowWriter((SqlConnection)connection, (SqlTransaction)transaction, fileId, this, queries);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"^\s*GO\s*(?:--.*)?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    /// <summary>Buffers up to <see cref="BulkBatchRows"/> rows per table and bulk-copies them inside the file's transaction.</summary>
    private sealed class BulkFileRowWriter : IFileRowWriter
    {
        private readonly SqlConnection _connection;
        private readonly SqlTransaction _transaction;
        private readonly long _fileId;
        private readonly SqlServerProvider _provider;
        private readonly DataTable _requests;
        private readonly DataTable _catalogue;
        private readonly DataTable _rejects;
        private readonly StoreQueries _queries;
        private bool _stagingCreated;

        public BulkFileRowWriter(SqlConnection connection, SqlTransaction transaction, long fileId, SqlServerProvider provider, StoreQueries queries)
        {
            _queries = queries;
            _connection = connection;
            _transaction = transaction;
            _fileId = fileId;
            _provider = provider;
            _requests = NewTable("requests", StoredColumns.Requests);
            _catalogue = NewTable("catalogue_entries", StoredColumns.Catalogue);
            _rejects = NewTable("rejects", StoredColumns.Rejects);
        }

        public int RequestsStored { get; private set; }

        public ValueTask AddRequestAsync(RequestRecord request, byte[] fingerprint, int line, CancellationToken cancellationToken) =>
            Add(_requests, StoredColumns.Requests, new RequestToStore(_fileId, line, request, fingerprint), cancellationToken);

        public ValueTask AddCatalogueAsync(CatalogueEntry entry, int line, CancellationToken cancellationToken) =>
            Add(_catalogue, StoredColumns.Catalogue, new CatalogueToStore(_fileId, line, entry), cancellationToken);

        public ValueTask AddRejectAsync(IngestIssue issue, CancellationToken cancellationToken) =>
            Add(_rejects, StoredColumns.Rejects, new RejectToStore(_fileId, issue), cancellationToken);

        private ValueTask Add<TRow>(DataTable table, IReadOnlyList<StoredColumn<TRow>> columns, TRow row, CancellationToken cancellationToken)
        {
            var values = new object[columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = columns[i].Value(row, _provider) ?? DBNull.Value;
            }
            table.Rows.Add(values);
            return FlushIfFullAsync(table, cancellationToken);
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            await WriteAsync(_requests, cancellationToken).ConfigureAwait(false);
            await WriteAsync(_catalogue, cancellationToken).ConfigureAwait(false);
            await WriteAsync(_rejects, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync()
        {
            _requests.Dispose();
            _catalogue.Dispose();
            _rejects.Dispose();
            return ValueTask.CompletedTask;
        }

        private ValueTask FlushIfFullAsync(DataTable table, CancellationToken cancellationToken) =>
            table.Rows.Count >= BulkBatchRows ? new ValueTask(WriteAsync(table, cancellationToken)) : ValueTask.CompletedTask;

        private async Task WriteAsync(DataTable table, CancellationToken cancellationToken)
        {
            if (table.Rows.Count == 0)
            {
                return;
            }
            var staged = ReferenceEquals(table, _requests);
            if (staged && !_stagingCreated)
            {
                await using var create = new SqlCommand(_queries.CreateRequestStaging ?? throw new InvalidOperationException("SQL Server queries lack the request staging table"), _connection, _transaction);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _stagingCreated = true;
            }
            using var bulk = new SqlBulkCopy(_connection, SqlBulkCopyOptions.CheckConstraints, _transaction)
            {
                // Requests go through the staging table so a request already stored is skipped, not a unique-key failure.
                DestinationTableName = staged ? RequestStaging : _provider.Table(table.TableName),
                BatchSize = BulkBatchRows,
                BulkCopyTimeout = 0,
            };
            foreach (DataColumn column in table.Columns)
            {
                bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
            }
            await bulk.WriteToServerAsync(table, cancellationToken).ConfigureAwait(false);
            table.Clear();
            if (staged)
            {
                await using var move = new SqlCommand(_queries.MoveStagedRequests ?? throw new InvalidOperationException("SQL Server queries lack the staged request move"), _connection, _transaction) { CommandTimeout = 0 };
                RequestsStored += Convert.ToInt32(await move.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }
        }

        private static DataTable NewTable<TRow>(string name, IReadOnlyList<StoredColumn<TRow>> columns)
        {
            var table = new DataTable(name) { Locale = CultureInfo.InvariantCulture };
            foreach (var column in columns)
            {
                table.Columns.Add(column.Name, BulkType(column.Kind));
            }
            return table;
        }
    }
}
