namespace Burden.Core.Catalogue;

/// <summary>Why a row was rejected: where it is and what was expected.</summary>
/// <param name="File">File name as given (no folder).</param>
/// <param name="Line">Line where the row starts; 1 is the header line.</param>
/// <param name="Column">The column's canonical name (<c>received_date</c>), or null for a whole-row problem.</param>
/// <param name="Value">The offending value exactly as read, or null.</param>
/// <param name="Message">What was wrong and what was expected.</param>
public sealed record IngestIssue(string File, int Line, string? Column, string? Value, string Message)
{
    /// <summary>The issue as one line: <c>requests.csv line 14, column received_date: '31/02/2022' is not a date (expected …)</c>.</summary>
    public override string ToString()
    {
        var where = Column is null ? $"{File} line {Line}" : $"{File} line {Line}, column {Column}";
        return $"{where}: {Message}";
    }
}
