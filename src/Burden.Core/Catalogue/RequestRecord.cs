namespace Burden.Core.Catalogue;

/// <summary>One request or return received by an organisation: one row of an ICB's request log.</summary>
public sealed record RequestRecord
{
    /// <summary>ODS code of the organisation that received the request (for example <c>QMM</c>).</summary>
    public required OrgCode OrgCode { get; init; }

    /// <summary>Day the request or return was received.</summary>
    public required DateOnly ReceivedDate { get; init; }

    /// <summary>Who asked: a national team, region, regulator.</summary>
    public required string Requester { get; init; }

    /// <summary>The request's title, exactly as given.</summary>
    public required string Title { get; init; }

    /// <summary>How often this request recurs.</summary>
    public required Frequency Frequency { get; init; }

    /// <summary>The data items asked for, each exactly as given (never empty).</summary>
    public required IReadOnlyList<string> DataItems { get; init; }

    /// <summary>The collection's reference when the log has one (for example <c>DCB2050</c> or an internal id).</summary>
    public string? CollectionRef { get; init; }

    /// <summary>Hours spent answering this request; null when the log leaves it blank.</summary>
    public decimal? HoursSpent { get; init; }

    /// <summary>Agenda for Change band of the person who answered (<c>5</c>, <c>6</c>, <c>7</c>, <c>8a</c>, <c>8b</c>).</summary>
    public string? StaffBand { get; init; }

    /// <summary>How the request arrived (email, portal, SDCS).</summary>
    public string? Channel { get; init; }

    /// <summary>Day the answer was due.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The stated purpose of the request.</summary>
    public string? Purpose { get; init; }

    /// <summary>DAPB/DCB approval reference, if the request quoted one.</summary>
    public string? ApprovalRef { get; init; }

    /// <summary>Name of the file the row came from (no folder).</summary>
    public string? SourceFile { get; init; }

    /// <summary>Line in <see cref="SourceFile"/> where the row starts (1 is the header).</summary>
    public int SourceLine { get; init; }
}
