using System.Buffers;
using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Npgsql;

namespace Burden.Storage;

/// <summary>
/// PostgreSQL: tables in the <c>burden</c> schema, <c>date</c>/<c>timestamptz</c>/<c>numeric</c>/<c>boolean</c>/<c>bytea</c>
/// columns, binary <c>COPY</c> for files, migrations under <c>pg_advisory_xact_lock</c>.
/// </summary>
internal sealed class PostgresProvider : StorageProvider
{
    /// <summary>The schema holding every table.</summary>
    public const string Schema = "burden";

    /// <summary>Catalogue rows or rejects buffered before one binary COPY.</summary>
    public const int CopyBatchRows = 50_000;

    /// <summary>Requests buffered before one binary COPY (sorted by the unique key first); see <see cref="CopyFileRowWriter"/>.</summary>
    public const int RequestBatchRows = 25_000;

    /// <summary>The advisory lock key that serialises migrations (any fixed 64-bit number; "burden" in ASCII).</summary>
    public const long MigrationLockKey = 0x627572_64656E;

    /// <summary>The transaction's staging table for copied requests (dropped at commit or rollback).</summary>
    public const string RequestStaging = "pg_temp.request_staging";

    private readonly NpgsqlDataSource _source;
    private readonly string _host;
    private readonly string _database;
    private readonly int _timeout;

    /// <summary>Uses the database named by <paramref name="connectionString"/> (Npgsql keywords; a URL is converted by <see cref="BurdenStores"/>).</summary>
    public PostgresProvider(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new BurdenException($"'--db' looks like a PostgreSQL connection string but is not a valid one: {ex.Message}", ex);
        }
        _host = builder.Host ?? "localhost";
        _database = builder.Database ?? builder.Username ?? "(default)";
        _timeout = builder.Timeout;
        ConnectionString = builder.ConnectionString;
        _source = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The connection string in Npgsql's keywords.</summary>
    public string ConnectionString { get; }

    /// <inheritdoc />
    public override string Name => "postgres";

    /// <inheritdoc />
    public override string Describe => $"PostgreSQL '{_host}', database '{_database}'";

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new BurdenException(
                $"Cannot connect to {Describe} (gave up after the {_timeout}s Timeout): {ex.Message.Split('\n', 2)[0].Trim()}. " +
                "Check --db / BURDEN_DB, that the server is running and reachable, and the credentials.", ex);
        }
    }

    /// <inheritdoc />
    public override string Table(string name) => $"{Schema}.{name}";

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
    public override string CreateRequestStaging(string table) =>
        $"CREATE TEMP TABLE IF NOT EXISTS request_staging ({StoredColumns.Definitions(StoredColumns.Requests, ServerType)}) ON COMMIT DROP";

    /// <inheritdoc />
    /// <remarks>
    /// A concurrent file inserting the same key waits for it to commit, then skips it (ON CONFLICT DO NOTHING); staged
    /// rows are moved in line order, so within a batch the first line wins.
    /// </remarks>
    public override string MoveStagedRequests(string table, IReadOnlyList<string> columns)
    {
        var list = string.Join(", ", columns);
        return $"INSERT INTO {table} ({list}) SELECT {list} FROM {RequestStaging} ORDER BY line " +
            "ON CONFLICT (received_date, org_code, fingerprint) DO NOTHING";
    }

    /// <summary>Keeps the staged rows that were not moved (copies of a request another row holds), so removing that row's file passes the request on.</summary>
    public string CopyUnmovedRequests => $"INSERT INTO {Table("request_copies")} ({string.Join(", ", StoreQueries.RequestColumns)}) " +
        $"SELECT {string.Join(", ", StoreQueries.RequestColumns.Select(c => "s." + c))} FROM {RequestStaging} s WHERE NOT EXISTS (SELECT 1 FROM {Table("requests")} r " +
        "WHERE r.received_date = s.received_date AND r.org_code = s.org_code AND r.fingerprint = s.fingerprint AND r.file_id = s.file_id AND r.line = s.line)";

    /// <summary>Empties the staging table after a move.</summary>
    public static string ClearStagedRequests => $"TRUNCATE {RequestStaging}";

    /// <inheritdoc />
    public override string SelectFirst(int rows, string body) => $"SELECT {body} LIMIT {rows.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public override string EnsureSchemaVersionTable =>
        $"CREATE SCHEMA IF NOT EXISTS {Schema}; " +
        $"CREATE TABLE IF NOT EXISTS {Schema}.schema_version (version integer NOT NULL PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL)";

    /// <inheritdoc />
    /// <remarks>Held until the migration transaction ends; a second instance starting at once waits here, then finds every version applied.</remarks>
    public override string? MigrationLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey.ToString(CultureInfo.InvariantCulture)})";

    /// <inheritdoc />
    public override DbType DateType => DbType.Date;

    /// <inheritdoc />
    public override object? DateValue(DateOnly? date) => date;

    /// <inheritdoc />
    public override DbType InstantType => DbType.DateTimeOffset;

    /// <inheritdoc />
    /// <remarks>timestamptz keeps the instant, not the offset; Npgsql writes only UTC offsets to it.</remarks>
    public override object InstantValue(DateTimeOffset instant) => instant.ToUniversalTime();

    /// <inheritdoc />
    public override DbType DecimalType => DbType.Decimal;

    /// <inheritdoc />
    public override object? DecimalValue(decimal? value) => value;

    /// <inheritdoc />
    public override object BoolValue(bool value) => value;

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    public override IFileRowWriter CreateFileRowWriter(DbConnection connection, DbTransaction transaction, long fileId, StoreQueries queries) =>
        new CopyFileRowWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, fileId, this, queries);

    /// <summary>The PostgreSQL type of a column kind (as in <c>sql/postgres/</c>).</summary>
    internal static string ServerType(ColumnKind kind) => kind switch
    {
        ColumnKind.Id => "bigint",
        ColumnKind.Number => "integer",
        ColumnKind.Code or ColumnKind.Token or ColumnKind.Text or ColumnKind.IndexedText => "text",
        ColumnKind.Day => "date",
        ColumnKind.Decimal => "numeric",
        ColumnKind.Fingerprint => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Buffers rows per table and writes each batch with one binary COPY inside the file's transaction. A batch of
    /// requests is sorted by the unique key and copied straight into <c>requests</c> under a savepoint, on the thread pool
    /// while the next batch is gathered; after a conflict, the batch and the rest of the file go through a staging table.
    /// </summary>
    /// <remarks>
    /// Copying straight into the table, in key order, is what makes the load fast: the staged move
    /// (<c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>) cost four to five times a raw COPY, and key order keeps the unique
    /// index's inserts on neighbouring pages. Request batches are <see cref="RequestBatchRows"/> rows, smaller than the other
    /// tables' <see cref="CopyBatchRows"/>, a compromise: the server starts on a file sooner and the copy of the last batch,
    /// which nothing overlaps, is shorter, while larger batches sweep the index fewer times (psql, 200,000 rows: sorted in
    /// 25,000-row runs 1.8–2.7 s, in 10,000-row runs 1.8–3.1 s, sorted whole 1.4–1.9 s, unsorted 2.8–3.5 s). If a request of a batch is already stored (a cumulative log, a re-upload,
    /// or a concurrent file that committed it first), the COPY fails with a unique violation; the batch is rolled back to
    /// its savepoint and written again through the staging table, which skips what is stored (the first file to commit a
    /// request keeps it). Within one file every fingerprint is distinct (repeats are numbered), so only another file's rows
    /// can conflict.
    /// </remarks>
    private sealed class CopyFileRowWriter : IFileRowWriter
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private readonly long _fileId;
        private readonly PostgresProvider _provider;
        private readonly StoreQueries _queries;
        private readonly List<CatalogueToStore> _catalogue = [];
        private readonly List<RejectToStore> _rejects = [];
        private RequestBatch _filling = new(RequestBatchRows);
        private RequestBatch _copying = new(RequestBatchRows);
        private bool _stagingCreated;
        private bool _conflictSeen;
        private Task _pending = Task.CompletedTask;

        public CopyFileRowWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, long fileId, PostgresProvider provider, StoreQueries queries)
        {
            _connection = connection;
            _transaction = transaction;
            _fileId = fileId;
            _provider = provider;
            _queries = queries;
        }

        public int RequestsStored { get; private set; }

        public async ValueTask AddRequestAsync(RequestRecord request, byte[] fingerprint, int line, CancellationToken cancellationToken)
        {
            if (_filling.Add(new RequestToStore(_fileId, line, request, fingerprint), _provider))
            {
                await WriteRequestsAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask AddCatalogueAsync(CatalogueEntry entry, int line, CancellationToken cancellationToken)
        {
            _catalogue.Add(new CatalogueToStore(_fileId, line, entry));
            if (_catalogue.Count >= CopyBatchRows)
            {
                await _pending.ConfigureAwait(false);
                await CopyAsync(_provider.Table("catalogue_entries"), StoredColumns.Catalogue, _catalogue, cancellationToken).ConfigureAwait(false);
                _catalogue.Clear();
            }
        }

        public async ValueTask AddRejectAsync(IngestIssue issue, CancellationToken cancellationToken)
        {
            _rejects.Add(new RejectToStore(_fileId, issue));
            if (_rejects.Count >= CopyBatchRows)
            {
                await _pending.ConfigureAwait(false);
                await CopyAsync(_provider.Table("rejects"), StoredColumns.Rejects, _rejects, cancellationToken).ConfigureAwait(false);
                _rejects.Clear();
            }
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            await WriteRequestsAsync(cancellationToken).ConfigureAwait(false);
            await _pending.ConfigureAwait(false);
            await CopyAsync(_provider.Table("catalogue_entries"), StoredColumns.Catalogue, _catalogue, cancellationToken).ConfigureAwait(false);
            _catalogue.Clear();
            await CopyAsync(_provider.Table("rejects"), StoredColumns.Rejects, _rejects, cancellationToken).ConfigureAwait(false);
            _rejects.Clear();
        }

        /// <summary>Waits for a batch still being copied (its failure, if any, was or will be seen by the caller that flushed) so the connection is free for the rollback.</summary>
        public async ValueTask DisposeAsync()
        {
            await _pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _filling.Dispose();
            _copying.Dispose();
        }

        /// <summary>Sorts the gathered batch (on the caller's thread, while the previous batch is still being copied), then starts its copy once the previous one is done.</summary>
        private async Task WriteRequestsAsync(CancellationToken cancellationToken)
        {
            if (_filling.Count == 0)
            {
                await _pending.ConfigureAwait(false);
                return;
            }
            _filling.SortByKey();
            await _pending.ConfigureAwait(false);
            (_filling, _copying) = (_copying, _filling);
            _filling.Clear();
            var batch = _copying;
            _pending = Task.Run(() => CopyRequestsAsync(batch, cancellationToken), cancellationToken);
        }

        private async Task CopyRequestsAsync(RequestBatch batch, CancellationToken cancellationToken)
        {
            if (!_conflictSeen)
            {
                await _transaction.SaveAsync("request_batch", cancellationToken).ConfigureAwait(false);
                try
                {
                    await batch.CopyAsync(_connection, _provider.Table("requests"), cancellationToken).ConfigureAwait(false);
                    await _transaction.ReleaseAsync("request_batch", cancellationToken).ConfigureAwait(false);
                    RequestsStored += batch.Count;
                    return;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // A request of the batch is already stored: undo the batch, and write it and the rest of the file through the staging table.
                    await _transaction.RollbackAsync("request_batch", cancellationToken).ConfigureAwait(false);
                    _conflictSeen = true;
                }
            }
            await MoveThroughStagingAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        private async Task MoveThroughStagingAsync(RequestBatch batch, CancellationToken cancellationToken)
        {
            if (!_stagingCreated)
            {
                await ExecuteAsync(_queries.CreateRequestStaging ?? throw new InvalidOperationException("PostgreSQL queries lack the request staging table"), cancellationToken).ConfigureAwait(false);
                _stagingCreated = true;
            }
            await batch.CopyAsync(_connection, RequestStaging, cancellationToken).ConfigureAwait(false);
            RequestsStored += await ExecuteAsync(_queries.MoveStagedRequests ?? throw new InvalidOperationException("PostgreSQL queries lack the staged request move"), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(_provider.CopyUnmovedRequests, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(ClearStagedRequests, cancellationToken).ConfigureAwait(false);
        }

        private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task CopyAsync<TRow>(string table, IReadOnlyList<StoredColumn<TRow>> columns, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
        {
            if (rows.Count == 0)
            {
                return;
            }
            await BinaryCopyEncoder.CopyAsync(_connection, table, StoredColumns.Names(columns), async (encoder, ct) =>
            {
                for (var r = 0; r < rows.Count; r++)
                {
                    var row = rows[r];
                    encoder.StartRow(columns.Count);
                    for (var c = 0; c < columns.Count; c++)
                    {
                        encoder.Write(columns[c].Kind, columns[c].Value(row, _provider));
                    }
                    if (encoder.Full)
                    {
                        await encoder.FlushAsync(ct).ConfigureAwait(false);
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Encodes rows in PostgreSQL's binary COPY format (header, then per row a 16-bit field count and each field as a
    /// 32-bit length and its bytes, -1 for NULL; then a -1 trailer) into a buffer it writes to a raw COPY stream.
    /// </summary>
    /// <remarks>
    /// Npgsql's <see cref="NpgsqlBinaryImporter"/> resolves a converter, binds a parameter and runs a (synchronously
    /// completing) async writer for every value: the profile of a 1,000,000-row ingest put 15–20 % of the client's time
    /// there. The forms written here are the ones its converters write: <c>bigint</c> and <c>integer</c> big-endian,
    /// <c>date</c> as days since 2000-01-01 (<see cref="DateOnly.MinValue"/> and <see cref="DateOnly.MaxValue"/> as
    /// <c>-infinity</c> and <c>infinity</c>), <c>text</c> as strict UTF-8 (a lone surrogate throws, as in Npgsql),
    /// <c>numeric</c> in base-10000 digit groups with the decimal's scale as display scale, <c>bytea</c> as given.
    /// </remarks>
    internal sealed class BinaryCopyEncoder : IDisposable
    {
        private const int FlushAt = 60 * 1024;

        /// <summary>The binary COPY signature: "PGCOPY\n\xff\r\n\0".</summary>
        private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
        private readonly Stream? _stream;
        private byte[] _buffer;
        private int _length;

        /// <summary>Encodes into a buffer written to <paramref name="stream"/> by <see cref="FlushAsync"/>, or, without one, into a buffer that only grows (<see cref="Written"/>).</summary>
        public BinaryCopyEncoder(Stream? stream, int capacity = 64 * 1024)
        {
            _stream = stream;
            _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        }

        /// <summary>The bytes encoded since the last flush or <see cref="Clear"/>.</summary>
        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        /// <summary>How many bytes are encoded since the last flush or <see cref="Clear"/>.</summary>
        public int Length => _length;

        /// <summary>
        /// Runs one binary COPY into <paramref name="table"/>: the header, the rows <paramref name="writeRows"/> encodes (flushing
        /// when <see cref="Full"/>), the trailer. A failure while encoding abandons the copy, so no partial row reaches the table;
        /// a row the server refuses (a unique violation) surfaces as the <see cref="PostgresException"/> when the copy ends.
        /// </summary>
        public static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, Func<BinaryCopyEncoder, CancellationToken, ValueTask> writeRows, CancellationToken cancellationToken)
        {
            var stream = await connection.BeginRawBinaryCopyAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            using var encoder = new BinaryCopyEncoder(stream);
            var encoded = false;
            try
            {
                encoder.WriteHeader();
                await writeRows(encoder, cancellationToken).ConfigureAwait(false);
                encoder.WriteTrailer();
                await encoder.FlushAsync(cancellationToken).ConfigureAwait(false);
                encoded = true;
            }
            finally
            {
                if (!encoded)
                {
                    await AbandonAsync(stream).ConfigureAwait(false);
                }
            }
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>Cancels a copy whose rows were not all encoded, so no partial row reaches the table (the file's transaction rolls back as well).</summary>
        private static async Task AbandonAsync(NpgsqlRawCopyStream stream)
        {
            try
            {
                await stream.CancelAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The server had already failed the copy, or the connection is gone: the exception being thrown says why.
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Appends bytes already encoded (whole rows).</summary>
        public void WriteEncoded(ReadOnlySpan<byte> rows) => rows.CopyTo(Reserve(rows.Length));

        /// <summary>Forgets what was encoded, keeping the buffer.</summary>
        public void Clear() => _length = 0;

        /// <summary>True when the buffer should be written out before the next row.</summary>
        public bool Full => _length >= FlushAt;

        public void WriteHeader()
        {
            Signature.CopyTo(Reserve(Signature.Length));
            WriteInt32(0); // flags
            WriteInt32(0); // header extension length
        }

        public void StartRow(int fields) => WriteInt16((short)fields);

        public void WriteTrailer() => WriteInt16(-1);

        /// <summary>Writes one field: <paramref name="value"/> in the form a <paramref name="kind"/> column takes, null as SQL NULL.</summary>
        public void Write(ColumnKind kind, object? value)
        {
            switch (value)
            {
                case null:
                    WriteInt32(-1);
                    break;
                case long id:
                    WriteInt32(8);
                    BinaryPrimitives.WriteInt64BigEndian(Reserve(8), id);
                    break;
                case int number:
                    WriteInt32(4);
                    WriteInt32(number);
                    break;
                case string text:
                    WriteText(text);
                    break;
                case DateOnly day:
                    WriteInt32(4);
                    // As Npgsql's converter: the first and last days are -infinity and infinity.
                    WriteInt32(day == DateOnly.MinValue ? int.MinValue : day == DateOnly.MaxValue ? int.MaxValue : day.DayNumber - PostgresEpochDay);
                    break;
                case decimal exact:
                    WriteNumeric(exact);
                    break;
                case byte[] bytes:
                    WriteInt32(bytes.Length);
                    bytes.CopyTo(Reserve(bytes.Length));
                    break;
                default:
                    throw new InvalidOperationException($"No COPY form for a {value.GetType().Name} in a {kind} column");
            }
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (_length > 0 && _stream is not null)
            {
                await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
                _length = 0;
            }
        }

        public void Dispose()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }

        /// <summary>A numeric: digit-group count, weight of the first group (in powers of 10,000), sign, display scale, then the groups.</summary>
        internal static int EncodeNumeric(decimal value, Span<byte> destination)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var scale = (bits[3] >> 16) & 0xFF;
            var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
            // Align the decimal point on a group boundary: 0.25 (25, scale 2) becomes 2500 with one fractional group.
            var pad = (4 - (scale % 4)) % 4;
            for (var i = 0; i < pad; i++)
            {
                mantissa *= 10;
            }
            var fractionGroups = (scale + pad) / 4;
            Span<short> groups = stackalloc short[16];
            var count = 0;
            while (mantissa != 0)
            {
                groups[count++] = (short)(ushort)(mantissa % 10_000);
                mantissa /= 10_000;
            }
            // groups[0] is the least significant; trailing zero groups carry nothing.
            var skip = 0;
            while (skip < count && groups[skip] == 0)
            {
                skip++;
            }
            var digits = count - skip;
            var weight = digits == 0 ? 0 : count - fractionGroups - 1;
            var negative = digits != 0 && bits[3] < 0;
            BinaryPrimitives.WriteInt16BigEndian(destination, (short)digits);
            BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)weight);
            BinaryPrimitives.WriteUInt16BigEndian(destination[4..], negative ? (ushort)0x4000 : (ushort)0);
            BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)scale);
            for (var i = 0; i < digits; i++)
            {
                BinaryPrimitives.WriteInt16BigEndian(destination[(8 + (2 * i))..], groups[count - 1 - i]);
            }
            return 8 + (2 * digits);
        }

        private void WriteNumeric(decimal value)
        {
            // 29 digits and 28 of scale need at most 15 groups after alignment: 8 + 30 bytes.
            var field = Reserve(4 + 8 + 32);
            var length = EncodeNumeric(value, field[4..]);
            BinaryPrimitives.WriteInt32BigEndian(field, length);
            _length -= 32 + 8 - length;
        }

        private void WriteText(string text)
        {
            var max = Utf8.GetMaxByteCount(text.Length);
            var field = Reserve(4 + max);
            var length = Utf8.GetBytes(text, field[4..]);
            BinaryPrimitives.WriteInt32BigEndian(field, length);
            _length -= max - length;
        }

        private void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

        private void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

        /// <summary>The next <paramref name="size"/> bytes of the buffer, counted as written; the buffer grows for a value larger than it.</summary>
        private Span<byte> Reserve(int size)
        {
            if (_length + size > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            var span = _buffer.AsSpan(_length, size);
            _length += size;
            return span;
        }
    }

    /// <summary>
    /// A batch of requests gathered for one COPY: each row is encoded in COPY form as it arrives (while its objects are still
    /// in the cache and before they can outlive a garbage collection), with the key it is sorted by.
    /// </summary>
    private sealed class RequestBatch(int capacity) : IDisposable
    {
        private readonly EncodedRow[] _rows = new EncodedRow[capacity];
        private readonly BinaryCopyEncoder _encoded = new(null, 4 * 1024 * 1024);

        public int Count { get; private set; }

        /// <summary>Encodes a row; true when the batch is full.</summary>
        public bool Add(RequestToStore row, StorageProvider provider)
        {
            var start = _encoded.Length;
            var columns = StoredColumns.Requests;
            _encoded.StartRow(columns.Count);
            for (var c = 0; c < columns.Count; c++)
            {
                _encoded.Write(columns[c].Kind, columns[c].Value(row, provider));
            }
            _rows[Count++] = new EncodedRow(RequestKey.Of(row), start, _encoded.Length - start);
            return Count == _rows.Length;
        }

        public void Clear()
        {
            Count = 0;
            _encoded.Clear();
        }

        /// <summary>Sorts the rows by the unique key: day, then organisation code (ordinal), then fingerprint (byte order, as bytea compares).</summary>
        public void SortByKey() => Array.Sort(_rows, 0, Count);

        /// <summary>Copies the rows, in their current order, into <paramref name="table"/> (shaped as <see cref="StoredColumns.Requests"/>).</summary>
        public Task CopyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
            BinaryCopyEncoder.CopyAsync(connection, table, StoredColumns.Names(StoredColumns.Requests), async (encoder, ct) =>
            {
                for (var i = 0; i < Count; i++)
                {
                    encoder.WriteEncoded(_encoded.Written.Slice(_rows[i].Offset, _rows[i].Length));
                    if (encoder.Full)
                    {
                        await encoder.FlushAsync(ct).ConfigureAwait(false);
                    }
                }
            }, cancellationToken);

        public void Dispose() => _encoded.Dispose();
    }

    /// <summary>Where a request's encoded row lies in its batch, and its key.</summary>
    private readonly record struct EncodedRow(RequestKey Key, int Offset, int Length) : IComparable<EncodedRow>
    {
        public int CompareTo(EncodedRow other) => Key.CompareTo(other.Key);
    }

    /// <summary>
    /// A request's unique key in a form that compares fast: the day, the organisation code's first 16 characters packed
    /// eight to a number (codes are 3 to 10 ASCII letters or digits, so this is ordinal order), then the fingerprint read big-endian.
    /// </summary>
    private readonly record struct RequestKey(int Day, ulong OrgHead, ulong OrgTail, UInt128 Fingerprint) : IComparable<RequestKey>
    {
        public static RequestKey Of(RequestToStore row)
        {
            var org = row.Request.OrgCode.Value;
            return new RequestKey(row.Request.ReceivedDate.DayNumber, Pack(org, 0), Pack(org, 8), BinaryPrimitives.ReadUInt128BigEndian(row.Fingerprint));
        }

        public int CompareTo(RequestKey other)
        {
            var c = Day.CompareTo(other.Day);
            c = c != 0 ? c : OrgHead.CompareTo(other.OrgHead);
            c = c != 0 ? c : OrgTail.CompareTo(other.OrgTail);
            return c != 0 ? c : Fingerprint.CompareTo(other.Fingerprint);
        }

        /// <summary>Characters <paramref name="from"/> to <paramref name="from"/> + 7, one byte each, the first most significant (absent ones zero).</summary>
        private static ulong Pack(string text, int from)
        {
            ulong packed = 0;
            for (var i = from; i < from + 8; i++)
            {
                packed = (packed << 8) | (i < text.Length ? Math.Min(text[i], (char)0xFF) : 0u);
            }
            return packed;
        }
    }
}
