using Burden.Core.Catalogue;

namespace Burden.Core.Ingest;

/// <summary>Turns one row of cells into an accepted request or catalogue entry, or a rejected row listing every problem.</summary>
/// <remarks>Text is kept exactly as given apart from surrounding whitespace, including text starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>.</remarks>
internal sealed class RowBuilder
{
    private readonly string _file;
    private readonly HeaderMap _map;
    private readonly OrgCode? _defaultOrg;
    private readonly bool _date1904;
    private readonly IngestOptions _options;

    /// <summary>Longest part of a cell quoted inside a message; the value itself is stored up to <see cref="IngestOptions.MaxMessageChars"/>.</summary>
    private const int QuotedChars = 100;

    public RowBuilder(string file, HeaderMap map, OrgCode? defaultOrg, bool date1904 = false, IngestOptions? options = null)
    {
        _file = file;
        _map = map;
        _defaultOrg = defaultOrg;
        _date1904 = date1904;
        _options = options ?? IngestOptions.Default;
    }

    /// <summary>True when every cell of the row is blank: such rows are skipped, not counted.</summary>
    public static bool IsBlankRow(ReadOnlySpan<RawCell> cells)
    {
        foreach (var cell in cells)
        {
            if (!cell.IsBlank)
            {
                return false;
            }
        }
        return true;
    }

    public ParsedRow Build(int line, ReadOnlySpan<RawCell> cells)
    {
        List<IngestIssue>? issues = null;
        for (var i = 0; i < cells.Length; i++)
        {
            // A default cell (a short row padded by the reader) has no text at all.
            if ((cells[i].Text?.Length ?? 0) > _options.MaxCellChars)
            {
                // Nothing of an over-long cell is parsed; the row is rejected on that alone.
                var column = _map.ColumnAt(i) is { } known ? Columns.Name(known) : i < _map.Headers.Count && _map.Headers[i].Length > 0 ? IngestOptions.Cap(_map.Headers[i], 40) : $"column {i + 1}";
                issues ??= new List<IngestIssue>(1);
                issues.Add(new IngestIssue(_file, line, column, Quote(cells[i].Text),
                    $"the cell holds {cells[i].Text.Length:N0} characters (expected at most {_options.MaxCellChars:N0}, Excel's own limit)"));
            }
        }
        if (issues is not null)
        {
            return new ParsedRow { Line = line, Issues = issues };
        }
        var row = new Cells(cells, _map);
        var requester = Required(row, Column.Requester, "who asked", line, ref issues);
        var title = Required(row, Column.Title, "the request's title", line, ref issues);
        var frequency = ReadFrequency(row, line, ref issues);
        var items = ReadItems(row, line, ref issues);

        if (_map.Kind == LogKind.Catalogue)
        {
            var reference = Required(row, Column.CollectionRef, "the collection's reference", line, ref issues);
            var respondents = 0;
            var respondentsCell = row[Column.Respondents];
            if (!CellValues.TryParseCount(respondentsCell, out respondents))
            {
                Add(ref issues, line, Column.Respondents, respondentsCell,
                    Describe(respondentsCell, "is not a number of respondents", "expected a whole number of organisations, 0 or more"));
            }
            var hoursCell = row[Column.HoursPerSubmission];
            if (!CellValues.TryParseHours(hoursCell, out var hours) || hours is null)
            {
                Add(ref issues, line, Column.HoursPerSubmission, hoursCell,
                    Describe(hoursCell, "is not a number of hours", "expected hours per submission of 0 or more, such as 1.5"));
            }
            var expiry = OptionalDate(row, Column.ApprovalExpiry, line, ref issues);
            var lastUsed = OptionalDate(row, Column.LastUsed, line, ref issues);
            if (issues is not null)
            {
                return new ParsedRow { Line = line, Issues = issues };
            }
            return new ParsedRow
            {
                Line = line,
                Catalogue = new CatalogueEntry
                {
                    CollectionRef = reference!,
                    Title = title!,
                    Requester = requester!,
                    Frequency = frequency,
                    DataItems = items!,
                    Respondents = respondents,
                    HoursPerSubmission = hours!.Value,
                    Purpose = Optional(row, Column.Purpose),
                    Consumer = Optional(row, Column.Consumer),
                    Publication = Optional(row, Column.Publication),
                    ApprovalRef = Optional(row, Column.ApprovalRef),
                    ApprovalExpiry = expiry,
                    AutomatedSource = Optional(row, Column.AutomatedSource),
                    LastUsed = lastUsed,
                    SourceFile = _file,
                    SourceLine = line,
                },
            };
        }

        var org = ReadOrg(row, line, ref issues);
        if (org is not null && _defaultOrg is not null && org != _defaultOrg)
        {
            // A file uploaded for one organisation never writes another's rows.
            Add(ref issues, line, Column.OrgCode, row[Column.OrgCode],
                $"'{org}' is not {_defaultOrg}, the organisation this file was uploaded for (expected {_defaultOrg} or blank; upload {org}'s rows as {org})");
        }
        var receivedCell = row[Column.ReceivedDate];
        if (!CellValues.TryParseDate(receivedCell, _date1904, out var received))
        {
            Add(ref issues, line, Column.ReceivedDate, receivedCell,
                receivedCell.IsBlank ? $"blank ({CellValues.ExpectedDate})" : CellValues.DateProblem(receivedCell));
        }
        var spentCell = row[Column.HoursSpent];
        if (!CellValues.TryParseHours(spentCell, out var spent))
        {
            Add(ref issues, line, Column.HoursSpent, spentCell, Describe(spentCell, "is not a number of hours", CellValues.ExpectedHours));
        }
        var due = OptionalDate(row, Column.DueDate, line, ref issues);
        var bandCell = row[Column.StaffBand];
        if (!bandCell.IsBlank && !Common.AgendaForChangeBand.TryNormalise(bandCell.Text, out _))
        {
            Add(ref issues, line, Column.StaffBand, bandCell, Describe(bandCell, "is not a staff band", Common.AgendaForChangeBand.Expected + ", or blank"));
        }
        if (issues is not null)
        {
            return new ParsedRow { Line = line, Issues = issues };
        }
        return new ParsedRow
        {
            Line = line,
            Request = new RequestRecord
            {
                OrgCode = org!,
                ReceivedDate = received,
                Requester = requester!,
                Title = title!,
                Frequency = frequency,
                DataItems = items!,
                CollectionRef = Optional(row, Column.CollectionRef),
                HoursSpent = spent,
                StaffBand = Optional(row, Column.StaffBand),
                Channel = Optional(row, Column.Channel),
                DueDate = due,
                Purpose = Optional(row, Column.Purpose),
                ApprovalRef = Optional(row, Column.ApprovalRef),
                SourceFile = _file,
                SourceLine = line,
            },
        };
    }

    private Frequency ReadFrequency(in Cells row, int line, ref List<IngestIssue>? issues)
    {
        var cell = row[Column.Frequency];
        if (Frequencies.TryParse(cell.Text, out var frequency))
        {
            return frequency;
        }
        Add(ref issues, line, Column.Frequency, cell, Describe(cell, "is not a frequency", "expected " + Frequencies.Expected));
        return default;
    }

    private List<string>? ReadItems(in Cells row, int line, ref List<IngestIssue>? issues)
    {
        var cell = row[Column.DataItems];
        var items = CellValues.SplitItems(cell.Text);
        if (items.Count > 0)
        {
            return items;
        }
        Add(ref issues, line, Column.DataItems, cell,
            Describe(cell, "holds no data items", "expected at least one item, items separated by ; or | or line breaks"));
        return null;
    }

    private string? Required(in Cells row, Column column, string what, int line, ref List<IngestIssue>? issues)
    {
        var cell = row[column];
        if (!cell.IsBlank)
        {
            return cell.Text;
        }
        Add(ref issues, line, column, cell, $"blank (expected {what})");
        return null;
    }

    private DateOnly? OptionalDate(in Cells row, Column column, int line, ref List<IngestIssue>? issues)
    {
        var cell = row[column];
        if (cell.IsBlank)
        {
            return null;
        }
        if (CellValues.TryParseDate(cell, _date1904, out var date))
        {
            return date;
        }
        Add(ref issues, line, column, cell, CellValues.DateProblem(cell)[..^1] + ", or blank)");
        return null;
    }

    private OrgCode? ReadOrg(in Cells row, int line, ref List<IngestIssue>? issues)
    {
        var cell = row[Column.OrgCode];
        if (cell.IsBlank)
        {
            if (_defaultOrg is null)
            {
                Add(ref issues, line, Column.OrgCode, RawCell.Blank,
                    $"blank (expected the ODS code of the organisation that received the request, {OrgCode.Expected}, or an organisation code given for the whole file)");
            }
            return _defaultOrg;
        }
        if (OrgCode.TryParse(cell.Text, out var code, out var reason))
        {
            return code;
        }
        Add(ref issues, line, Column.OrgCode, cell, reason);
        return null;
    }

    private static string? Optional(in Cells row, Column column)
    {
        var cell = row[column];
        return cell.IsBlank ? null : cell.Text;
    }

    private static string Describe(in RawCell cell, string problem, string expected) =>
        cell.IsBlank ? $"blank ({expected})" : $"'{IngestOptions.Cap(cell.Text, QuotedChars)}' {problem} ({expected})";

    private static string Quote(string text) => IngestOptions.Cap(text, QuotedChars);

    private void Add(ref List<IngestIssue>? issues, int line, Column column, in RawCell cell, string message)
    {
        issues ??= new List<IngestIssue>(2);
        issues.Add(new IngestIssue(_file, line, Columns.Name(column), cell.IsBlank ? null : _options.Cap(cell.Text), _options.Cap(message)));
    }

    /// <summary>The row's cells addressed by column; a column the file lacks, or a short row, reads as blank.</summary>
    private readonly ref struct Cells(ReadOnlySpan<RawCell> cells, HeaderMap map)
    {
        private readonly ReadOnlySpan<RawCell> _cells = cells;
        private readonly HeaderMap _map = map;

        public RawCell this[Column column]
        {
            get
            {
                var i = _map.IndexOf(column);
                return i >= 0 && i < _cells.Length ? _cells[i] : RawCell.Blank;
            }
        }
    }
}
