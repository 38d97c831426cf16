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
internal sealed partial class SqlServerDialect : SqlDialect
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
    public SqlServerDialect(string connectionString)
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
        $"CREATE TABLE {RequestStaging} (file_id bigint NOT NULL, line int NOT NULL, org_code nvarchar(100) NOT NULL, received_date date NOT NULL, " +
        "requester nvarchar(max) NOT NULL, title nvarchar(max) NOT NULL, frequency varchar(20) NOT NULL, data_items nvarchar(max) NOT NULL, " +
        "collection_ref nvarchar(450) NULL, hours_spent decimal(28, 8) NULL, staff_band nvarchar(max) NULL, channel nvarchar(max) NULL, " +
        "due_date date NULL, purpose nvarchar(max) NULL, approval_ref nvarchar(450) NULL, fingerprint binary(16) NOT NULL)";

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
        private readonly SqlServerDialect _dialect;
        private readonly DataTable _requests;
        private readonly DataTable _catalogue;
        private readonly DataTable _rejects;
        private readonly StoreQueries _queries;
        private bool _stagingCreated;

        public BulkFileRowWriter(SqlConnection connection, SqlTransaction transaction, long fileId, SqlServerDialect dialect, StoreQueries queries)
        {
            _queries = queries;
            _connection = connection;
            _transaction = transaction;
            _fileId = fileId;
            _dialect = dialect;
            _requests = NewTable("requests", StoreQueries.RequestColumns,
                [typeof(long), typeof(int), typeof(string), typeof(DateTime), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string),
                 typeof(decimal), typeof(string), typeof(string), typeof(DateTime), typeof(string), typeof(string), typeof(byte[])]);
            _catalogue = NewTable("catalogue_entries", StoreQueries.CatalogueColumns,
                [typeof(long), typeof(int), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(int), typeof(decimal),
                 typeof(string), typeof(string), typeof(string), typeof(string), typeof(DateTime), typeof(string), typeof(DateTime)]);
            _rejects = NewTable("rejects", StoreQueries.RejectColumns, [typeof(long), typeof(int), typeof(string), typeof(string), typeof(string)]);
        }

        public int RequestsStored { get; private set; }

        public ValueTask AddRequestAsync(RequestRecord request, byte[] fingerprint, int line, CancellationToken cancellationToken)
        {
            _requests.Rows.Add(
                _fileId, line, request.OrgCode.Value, _dialect.DateValue(request.ReceivedDate), request.Requester, request.Title, request.Frequency.Token(),
                StoredTokens.JoinItems(request.DataItems), Db(request.CollectionRef), Db(request.HoursSpent), Db(request.StaffBand), Db(request.Channel),
                Db(_dialect.DateValue(request.DueDate)), Db(request.Purpose), Db(request.ApprovalRef), fingerprint);
            return FlushIfFullAsync(_requests, cancellationToken);
        }

        public ValueTask AddCatalogueAsync(CatalogueEntry entry, int line, CancellationToken cancellationToken)
        {
            _catalogue.Rows.Add(
                _fileId, line, entry.CollectionRef, entry.Title, entry.Requester, entry.Frequency.Token(), StoredTokens.JoinItems(entry.DataItems),
                entry.Respondents, entry.HoursPerSubmission, Db(entry.Purpose), Db(entry.Consumer), Db(entry.Publication), Db(entry.ApprovalRef),
                Db(_dialect.DateValue(entry.ApprovalExpiry)), Db(entry.AutomatedSource), Db(_dialect.DateValue(entry.LastUsed)));
            return FlushIfFullAsync(_catalogue, cancellationToken);
        }

        public ValueTask AddRejectAsync(IngestIssue issue, CancellationToken cancellationToken)
        {
            _rejects.Rows.Add(_fileId, issue.Line, Db(issue.Column), Db(issue.Value), issue.Message);
            return FlushIfFullAsync(_rejects, cancellationToken);
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
                DestinationTableName = staged ? RequestStaging : _dialect.Table(table.TableName),
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

        private static DataTable NewTable(string name, IReadOnlyList<string> columns, Type[] types)
        {
            var table = new DataTable(name) { Locale = CultureInfo.InvariantCulture };
            for (var i = 0; i < columns.Count; i++)
            {
                table.Columns.Add(columns[i], types[i]);
            }
            return table;
        }

        private static object Db(object? value) => value ?? DBNull.Value;
    }
}
