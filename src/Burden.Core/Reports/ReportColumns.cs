namespace Burden.Core.Reports;

/// <summary>One column of a <see cref="ReportColumns{T}"/>: where it sits, and its header and format.</summary>
/// <param name="TableId">The table it belongs to.</param>
/// <param name="Index">Its position (0-based) in the table.</param>
/// <param name="Column">Its header, format and width.</param>
public sealed record ReportColumnRef(string TableId, int Index, ReportColumn Column);

/// <summary>A table's columns defined once, each header with its format and the accessor that reads its value from a row's item.</summary>
/// <remarks>
/// A header, its values and a chart's reference to the column come from one definition, so adding or moving a column
/// cannot leave a header over another column's values or a chart drawing the wrong series.
/// </remarks>
/// <typeparam name="T">What one row shows (a collection, a request, a group's totals).</typeparam>
public sealed class ReportColumns<T>
{
    private readonly List<ReportColumn> _columns = [];
    private readonly List<Func<T, object?>> _values = [];

    /// <summary>Creates an empty definition for the table <paramref name="tableId"/>.</summary>
    public ReportColumns(string tableId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        TableId = tableId;
    }

    /// <summary>The table's id (<see cref="ReportTable.Id"/>).</summary>
    public string TableId { get; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<ReportColumn> Columns => _columns;

    /// <summary>Adds a column with the accessor for its value; returns the reference charts use.</summary>
    public ReportColumnRef Add(ReportColumn column, Func<T, object?> value)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(value);
        _columns.Add(column);
        _values.Add(value);
        return new ReportColumnRef(TableId, _columns.Count - 1, column);
    }

    /// <summary>Adds a column from its header, format and width with the accessor for its value.</summary>
    public ReportColumnRef Add(string header, ReportFormat format, Func<T, object?> value, int maxWidth = 60) =>
        Add(new ReportColumn(header, format, maxWidth), value);

    /// <summary>The column whose header is <paramref name="header"/>.</summary>
    public ReportColumnRef this[string header]
    {
        get
        {
            var index = _columns.FindIndex(c => c.Header == header);
            return index >= 0 ? new ReportColumnRef(TableId, index, _columns[index]) : throw new KeyNotFoundException($"{TableId} has no column '{header}'");
        }
    }

    /// <summary>The value of column <paramref name="index"/> for <paramref name="item"/>.</summary>
    public object? Value(int index, T item) => _values[index](item);

    /// <summary>One row: every column's value for <paramref name="item"/>, in column order.</summary>
    public IReadOnlyList<object?> Row(T item)
    {
        var row = new object?[_values.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = _values[i](item);
        }
        return row;
    }

    /// <summary>The table of <paramref name="items"/>; rows are made as the writer reads them, so a large list is not held twice.</summary>
    public ReportTable Table(IReadOnlyList<T> items) => new(TableId, Columns, new ProjectedRows<T>(items, Row));

    /// <summary>A chart of this table: categories from one column, one series a value column.</summary>
    public ReportChart Chart(string title, ReportColumnRef category, IReadOnlyList<ReportColumnRef> values, bool horizontal = false)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var c in values.Prepend(category))
        {
            if (c.TableId != TableId || c.Index >= _columns.Count || !ReferenceEquals(_columns[c.Index], c.Column))
            {
                throw new ArgumentException($"column '{c.Column.Header}' is not a column of {TableId}", nameof(values));
            }
        }
        return new ReportChart(title, TableId, category.Index, [.. values.Select(v => v.Index)], horizontal);
    }
}

/// <summary>Rows made on demand from source records, so 200k requests are not held twice.</summary>
internal sealed class ProjectedRows<T>(IReadOnlyList<T> source, Func<T, IReadOnlyList<object?>> project) : IReadOnlyList<IReadOnlyList<object?>>
{
    public IReadOnlyList<object?> this[int index] => project(source[index]);

    public int Count => source.Count;

    public IEnumerator<IReadOnlyList<object?>> GetEnumerator()
    {
        foreach (var item in source)
        {
            yield return project(item);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
