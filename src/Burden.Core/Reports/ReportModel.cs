namespace Burden.Core.Reports;

/// <summary>How a column's cells are shown; the writer maps each to a cell type and an Excel number format.</summary>
public enum ReportFormat
{
    /// <summary>Text, never a formula.</summary>
    Text,
    /// <summary>Whole number, <c>#,##0</c>.</summary>
    Count,
    /// <summary>Number with two decimals, <c>0.00</c>.</summary>
    Number,
    /// <summary>Hours, <c>#,##0.0</c>.</summary>
    Hours,
    /// <summary>Pounds, <c>£#,##0</c>.</summary>
    Money,
    /// <summary>Pounds and pence, <c>£#,##0.00</c> (hourly rates).</summary>
    MoneyPence,
    /// <summary>A share 0..1 shown as a percentage, <c>0%</c>.</summary>
    Share,
    /// <summary>A change in a share, in percentage points (the value is already in points: 0.35 against 0.25 is 10), <c>+0.0" pp"</c>.</summary>
    PercentagePoints,
    /// <summary>A day, <c>yyyy-mm-dd</c>.</summary>
    Date,
    /// <summary>A moment, <c>yyyy-mm-dd hh:mm</c> (UTC).</summary>
    DateTime,
    /// <summary>A yes/no flag written as the text <c>Yes</c> or <c>No</c>; <c>Yes</c> is highlighted.</summary>
    Flag,
}

/// <summary>A column of a report table.</summary>
/// <param name="Header">Header text.</param>
/// <param name="Format">How its cells are shown.</param>
/// <param name="MaxWidth">Widest the column may be set, in characters; longer text wraps.</param>
public sealed record ReportColumn(string Header, ReportFormat Format, int MaxWidth = 60)
{
    /// <summary>Values offered in a drop-down on every data cell (an Excel list validation), or null for free entry.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
}

/// <summary>A single cell whose format differs from its column's (a headline figure row of money among counts).</summary>
/// <param name="Value">The value: string, number, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/> or bool; null for blank.</param>
/// <param name="Format">How it is shown.</param>
public sealed record ReportCell(object? Value, ReportFormat Format);

/// <summary>One part of a sheet, written below the previous one.</summary>
public abstract record ReportBlock;

/// <summary>A heading line.</summary>
/// <param name="Text">The heading.</param>
/// <param name="IsTitle">True for the sheet's title (larger).</param>
public sealed record ReportHeading(string Text, bool IsTitle = false) : ReportBlock;

/// <summary>A line of plain text.</summary>
/// <param name="Text">The text.</param>
public sealed record ReportParagraph(string Text) : ReportBlock;

/// <summary>Label and value pairs, one a row (period, organisation, baseline).</summary>
/// <param name="Fields">Label and value; a value may be a <see cref="ReportCell"/>.</param>
public sealed record ReportFields(IReadOnlyList<KeyValuePair<string, object?>> Fields) : ReportBlock;

/// <summary>A table: a header row and data rows. Cells are string, number, date, bool, <see cref="ReportCell"/> or null.</summary>
/// <param name="Id">Id unique in the workbook, used by charts and as the Excel table name.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Rows">Rows; each has one value per column.</param>
public sealed record ReportTable(string Id, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows) : ReportBlock
{
    /// <summary>Write as an Excel table (banded, with a filter on the header).</summary>
    public bool AsExcelTable { get; init; }

    /// <summary>Freeze the panes below the header row (only for a table that starts the sheet's data).</summary>
    public bool FreezeHeader { get; init; }

    /// <summary>Text shown instead of an empty table.</summary>
    public string? EmptyText { get; init; }

    /// <summary>Repeat the header row at the top of every printed page (always so for a <see cref="FreezeHeader"/> table); one table a sheet.</summary>
    public bool RepeatHeaderWhenPrinted { get; init; }

    /// <summary>Leading columns that name a row (a collection's id), repeated at the left of each page when the list prints more than one page across.</summary>
    public int KeyColumns { get; init; }
}

/// <summary>A native Excel bar or column chart drawn from a table on the same sheet.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="TableId">The <see cref="ReportTable.Id"/> whose cells it shows.</param>
/// <param name="CategoryColumn">Column index (0-based) of the category labels.</param>
/// <param name="ValueColumns">Column indexes (0-based) of the series; the header is the series name.</param>
/// <param name="Horizontal">Bars (long category names) rather than columns.</param>
public sealed record ReportChart(string Title, string TableId, int CategoryColumn, IReadOnlyList<int> ValueColumns, bool Horizontal = false);

/// <summary>A sheet: blocks written top to bottom, and charts placed to their right.</summary>
/// <param name="Name">Sheet name.</param>
/// <param name="Blocks">Content, top to bottom.</param>
public sealed record ReportSheet(string Name, IReadOnlyList<ReportBlock> Blocks)
{
    /// <summary>Charts drawn beside the blocks.</summary>
    public IReadOnlyList<ReportChart> Charts { get; init; } = [];
}

/// <summary>The whole report, ready to write: sheets in order, and the requests table when it spills to CSV.</summary>
/// <param name="Sheets">Sheets in order.</param>
/// <param name="SpilledRequests">Every request, to write as a CSV beside the workbook, when there are more than the sheet holds; else null.</param>
public sealed record ReportModel(IReadOnlyList<ReportSheet> Sheets, ReportTable? SpilledRequests)
{
    /// <summary>The sheet of that name.</summary>
    public ReportSheet Sheet(string name) => Sheets.First(s => s.Name == name);

    /// <summary>The table of that id, on any sheet.</summary>
    public ReportTable Table(string id) => Sheets.SelectMany(s => s.Blocks).OfType<ReportTable>().First(t => t.Id == id);
}

/// <summary>Settings for the report.</summary>
public sealed record ReportOptions
{
    /// <summary>Most requests the Requests sheet holds; above it they all go to a CSV beside the workbook. Measured by <c>burden bench report</c>: even 200,000 rows stay under 2 GB and 60 s.</summary>
    public int RequestRowCap { get; init; } = 100_000;

    /// <summary>Requesters shown (and charted) on the Summary.</summary>
    public int TopRequesters { get; init; } = 10;

    /// <summary>Collections listed under top savings on the Summary.</summary>
    public int TopSavings { get; init; } = 10;

    /// <summary>Rows sampled per column to set its width (never the whole sheet: that is what made AdjustToContents slow).</summary>
    public int WidthSampleRows { get; init; } = 500;

    /// <summary>Tables with more rows than this are streamed into the saved workbook rather than built in ClosedXML's memory.</summary>
    public int StreamRowThreshold { get; init; } = 2_000;

    /// <summary>Software version shown on the Method sheet; null reads it from the assembly.</summary>
    public string? SoftwareVersion { get; init; }
}
