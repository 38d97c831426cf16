using System.Buffers.Binary;
using System.Text;
using Burden.Core.Catalogue;

namespace Burden.Storage;

/// <summary>
/// One slice of a file's rows, gathered before its transaction begins: each accepted request is kept as the values its
/// insert binds (in <see cref="StoredColumns.Requests"/> order, in one reused buffer), every other row as parsed.
/// </summary>
/// <remarks>
/// A slice holds tens of thousands of rows for as long as the slice before it takes to write. Kept as parsed records
/// (a dozen objects a row) they outlived the garbage collector's youngest generation and were copied into the older
/// ones, slice after slice; as bytes in a buffer that is reused for every slice they cost the collector nothing. The
/// values are formatted (days, decimals, joined items) and encoded to UTF-8 here, on the gathering task, so the writer,
/// which holds the write lock, only binds them. The file id is bound by the writer: it is not known while the first
/// slice is gathered.
/// </remarks>
internal sealed class GatheredSlice
{
    private const byte NullValue = 0;
    private const byte TextValue = 1;
    private const byte IntegerValue = 2;
    private const byte RealValue = 3;
    private const byte BlobValue = 4;

    private readonly List<Entry> _entries;
    private byte[] _bytes;
    private int _length;

    /// <summary>An empty slice with room for <paramref name="rows"/> rows before it grows.</summary>
    public GatheredSlice(int rows)
    {
        _entries = new List<Entry>(rows);
        _bytes = new byte[Math.Max(1 << 16, rows * 256)];
    }

    /// <summary>Rows gathered.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a row: an accepted request with its fingerprint is encoded, anything else kept as it is.</summary>
    public void Add(ParsedRow row, byte[]? fingerprint, StorageProvider provider)
    {
        if (row.Issues.Count == 0 && row.Request is { } request && fingerprint is not null)
        {
            var start = _length;
            var values = new RequestToStore(0, row.Line, request, fingerprint);
            foreach (var column in StoredColumns.Requests)
            {
                if (column.Kind != ColumnKind.Id)
                {
                    Append(column.Value(values, provider));
                }
            }
            _entries.Add(new Entry(null, start, _length - start));
        }
        else
        {
            _entries.Add(new Entry(row, 0, 0));
        }
    }

    /// <summary>The row at <paramref name="index"/> as parsed, or null when it is an encoded request (<see cref="Request"/>).</summary>
    public ParsedRow? Row(int index) => _entries[index].Row;

    /// <summary>The encoded values of the request at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Request(int index) => _bytes.AsSpan(_entries[index].Start, _entries[index].Length);

    /// <summary>Empties the slice, keeping its buffer for the next.</summary>
    public void Clear()
    {
        _entries.Clear();
        _length = 0;
    }

    /// <summary>Binds the encoded <paramref name="values"/> of one request, column by column in <paramref name="columns"/> order.</summary>
    /// <param name="columns">The columns the values were encoded for.</param>
    /// <param name="values">One request's encoded values.</param>
    /// <param name="fileId">The value of the file id column.</param>
    /// <param name="binder">Binds column <c>i</c>'s value; the value's kind decides which overload is called.</param>
    public static void Bind<TRow, TBinder>(IReadOnlyList<StoredColumn<TRow>> columns, ReadOnlySpan<byte> values, long fileId, ref TBinder binder)
        where TBinder : struct, IValueBinder
    {
        var at = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Kind == ColumnKind.Id)
            {
                binder.Integer(i, fileId);
                continue;
            }
            var tag = values[at++];
            switch (tag)
            {
                case NullValue:
                    binder.Null(i);
                    break;
                case IntegerValue:
                    binder.Integer(i, BinaryPrimitives.ReadInt64LittleEndian(values[at..]));
                    at += sizeof(long);
                    break;
                case RealValue:
                    binder.Real(i, BinaryPrimitives.ReadDoubleLittleEndian(values[at..]));
                    at += sizeof(double);
                    break;
                case TextValue or BlobValue:
                    var length = BinaryPrimitives.ReadInt32LittleEndian(values[at..]);
                    at += sizeof(int);
                    if (tag == TextValue)
                    {
                        binder.Text(i, values.Slice(at, length));
                    }
                    else
                    {
                        binder.Blob(i, values.Slice(at, length));
                    }
                    at += length;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown value tag {tag} in a gathered slice");
            }
        }
    }

    private void Append(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                Reserve(1)[0] = NullValue;
                break;
            case string text:
                var bytes = Encoding.UTF8.GetByteCount(text);
                var span = Reserve(1 + sizeof(int) + bytes);
                span[0] = TextValue;
                BinaryPrimitives.WriteInt32LittleEndian(span[1..], bytes);
                Encoding.UTF8.GetBytes(text, span[(1 + sizeof(int))..]);
                break;
            case long number:
                AppendInteger(number);
                break;
            case int number:
                AppendInteger(number);
                break;
            case bool flag:
                AppendInteger(flag ? 1 : 0);
                break;
            case double real:
                var d = Reserve(1 + sizeof(double));
                d[0] = RealValue;
                BinaryPrimitives.WriteDoubleLittleEndian(d[1..], real);
                break;
            case byte[] blob:
                var b = Reserve(1 + sizeof(int) + blob.Length);
                b[0] = BlobValue;
                BinaryPrimitives.WriteInt32LittleEndian(b[1..], blob.Length);
                blob.CopyTo(b[(1 + sizeof(int))..]);
                break;
            default:
                throw new InvalidOperationException($"No stored form for a {value.GetType().Name}");
        }
    }

    private void AppendInteger(long number)
    {
        var span = Reserve(1 + sizeof(long));
        span[0] = IntegerValue;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], number);
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes));
        }
        var span = _bytes.AsSpan(_length, bytes);
        _length += bytes;
        return span;
    }

    private readonly record struct Entry(ParsedRow? Row, int Start, int Length);
}

/// <summary>Receives a gathered request's values, one column at a time (by the column's index in its column list).</summary>
internal interface IValueBinder
{
    /// <summary>SQL NULL.</summary>
    void Null(int column);

    /// <summary>A whole number.</summary>
    void Integer(int column, long value);

    /// <summary>A double.</summary>
    void Real(int column, double value);

    /// <summary>UTF-8 text.</summary>
    void Text(int column, ReadOnlySpan<byte> utf8);

    /// <summary>Bytes.</summary>
    void Blob(int column, ReadOnlySpan<byte> bytes);
}

/// <summary>A file writer that takes requests as a <see cref="GatheredSlice"/> encoded them (SQLite's: the engine that writes in slices).</summary>
internal interface IGatheredRequestWriter
{
    /// <summary>Adds one accepted request from its encoded values, unless its fingerprint is already stored (then it is recorded as a copy).</summary>
    void AddGatheredRequest(ReadOnlySpan<byte> values);
}
