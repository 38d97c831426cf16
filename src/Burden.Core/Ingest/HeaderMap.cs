using Burden.Core.Catalogue;

namespace Burden.Core.Ingest;

/// <summary>Where each known column sits in a file's header row, and what kind of file the header says it is.</summary>
internal sealed class HeaderMap
{
    /// <summary>A row with fewer recognised columns than this is not taken for a header.</summary>
    public const int MinimumRecognised = 3;

    /// <summary>How many leading rows are searched for the header (title rows above it are allowed).</summary>
    public const int RowsSearched = 10;

    private readonly int[] _indexOf;

    private HeaderMap(LogKind kind, int[] indexOf, IReadOnlyList<string> headers, IReadOnlyList<string> unknown)
    {
        Kind = kind;
        _indexOf = indexOf;
        Headers = headers;
        UnknownColumns = unknown;
    }

    public LogKind Kind { get; }

    /// <summary>The header cells as read (trimmed).</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>Header cells that matched no known column (or repeated one already matched): kept aside, not fatal.</summary>
    public IReadOnlyList<string> UnknownColumns { get; }

    /// <summary>Zero-based position of the column, or -1 when the file lacks it.</summary>
    public int IndexOf(Column column) => _indexOf[(int)column];

    public bool Has(Column column) => _indexOf[(int)column] >= 0;

    /// <summary>The known column at zero-based position <paramref name="index"/>, or null.</summary>
    public Column? ColumnAt(int index)
    {
        var found = Array.IndexOf(_indexOf, index);
        return found >= 0 ? (Column)found : null;
    }

    /// <summary>Number of distinct known columns in a row: how header-like it is.</summary>
    public static int CountRecognised(IReadOnlyList<string> cells)
    {
        Span<bool> seen = stackalloc bool[Columns.Count];
        var n = 0;
        foreach (var cell in cells)
        {
            if (Columns.Recognise(cell) is { } column && !seen[(int)column])
            {
                seen[(int)column] = true;
                n++;
            }
        }
        return n;
    }

    /// <summary>Maps a header row; refuses the file when a required column is missing.</summary>
    /// <exception cref="FileRefusedException">A required column is missing.</exception>
    public static HeaderMap Build(string fileName, IReadOnlyList<string> cells, LogKind? kind, OrgCode? orgCode) =>
        TryBuild(cells, kind, orgCode, out var problem, out var missing)
        ?? throw new FileRefusedException(fileName, RefusalKind.MissingColumns, problem!, missing);

    /// <summary>Maps a header row, or returns null with the reason when a required column is missing.</summary>
    public static HeaderMap? TryBuild(IReadOnlyList<string> cells, LogKind? kind, OrgCode? orgCode, out string? problem) =>
        TryBuild(cells, kind, orgCode, out problem, out _);

    private static HeaderMap? TryBuild(IReadOnlyList<string> cells, LogKind? kind, OrgCode? orgCode, out string? problem, out IReadOnlyList<string> missingColumns)
    {
        problem = null;
        missingColumns = [];
        var indexOf = new int[Columns.Count];
        Array.Fill(indexOf, -1);
        var headers = new List<string>(cells.Count);
        var unknown = new List<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var header = cells[i]?.Trim().TrimStart('\uFEFF') ?? "";
            headers.Add(header);
            if (header.Length == 0)
            {
                continue;
            }
            if (Columns.Recognise(header) is { } column && indexOf[(int)column] < 0)
            {
                indexOf[(int)column] = i;
            }
            else
            {
                unknown.Add(header);
            }
        }

        var resolved = kind ?? (Columns.CatalogueMarkers.Any(c => indexOf[(int)c] >= 0) ? LogKind.Catalogue : LogKind.RequestLog);
        if (resolved == LogKind.Catalogue && indexOf[(int)Column.HoursPerSubmission] < 0 && indexOf[(int)Column.HoursSpent] >= 0)
        {
            // In a catalogue a bare "Hours" column can only mean hours per submission.
            indexOf[(int)Column.HoursPerSubmission] = indexOf[(int)Column.HoursSpent];
            indexOf[(int)Column.HoursSpent] = -1;
        }

        var required = resolved == LogKind.Catalogue ? Columns.RequiredForCatalogue : Columns.RequiredForLog;
        var missing = required
            .Where(c => indexOf[(int)c] < 0 && !(c == Column.OrgCode && orgCode is not null))
            .Select(Columns.Name)
            .ToList();
        if (missing.Count > 0)
        {
            var what = resolved == LogKind.Catalogue ? "catalogue" : "request log";
            missingColumns = missing;
            problem = $"missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} for a {what}; " +
                $"headers found: {Describe(headers)}";
            return null;
        }
        return new HeaderMap(resolved, indexOf, headers, unknown);
    }

    /// <summary>Refusal for a file in which no row looks like a header.</summary>
    public static FileRefusedException NoHeader(string fileName, IReadOnlyList<string>? firstRow, string where)
    {
        var expected = string.Join(", ", Columns.RequiredForLog.Select(Columns.Name));
        var seen = firstRow is null ? "" : $"; first row found: {Describe(firstRow)}";
        return new FileRefusedException(fileName, RefusalKind.NoHeaderRow,
            $"no header row found in the first {RowsSearched} rows {where}(expected a request log with columns {expected}, or a catalogue){seen}");
    }

    private static string Describe(IEnumerable<string> cells)
    {
        var shown = cells.Where(c => !string.IsNullOrWhiteSpace(c)).Take(30).Select(c => c.Length > 40 ? c[..40] + "…" : c).ToList();
        return shown.Count == 0 ? "(none)" : string.Join(", ", shown);
    }
}
