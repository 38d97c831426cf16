namespace Burden.Core.Catalogue;

/// <summary>One collection in a national catalogue: one row of a catalogue file.</summary>
/// <remarks>Burden per year = respondents × submissions per year × hours per submission (the PRA inventory formula).</remarks>
public sealed record CatalogueEntry
{
    /// <summary>The collection's reference, unique in the catalogue.</summary>
    public required string CollectionRef { get; init; }

    /// <summary>The collection's title, exactly as given.</summary>
    public required string Title { get; init; }

    /// <summary>The national team or body that owns the collection.</summary>
    public required string Requester { get; init; }

    /// <summary>How often each respondent submits.</summary>
    public required Frequency Frequency { get; init; }

    /// <summary>The data items collected, each exactly as given.</summary>
    public required IReadOnlyList<string> DataItems { get; init; }

    /// <summary>Number of organisations answering.</summary>
    public required int Respondents { get; init; }

    /// <summary>Hours one respondent spends on one submission.</summary>
    public required decimal HoursPerSubmission { get; init; }

    /// <summary>The stated purpose.</summary>
    public string? Purpose { get; init; }

    /// <summary>Who uses the collection (a named team or product).</summary>
    public string? Consumer { get; init; }

    /// <summary>Where the collection is published, if it is.</summary>
    public string? Publication { get; init; }

    /// <summary>DAPB/DCB approval reference (for example <c>DCB2050</c>).</summary>
    public string? ApprovalRef { get; init; }

    /// <summary>Day the approval ends.</summary>
    public DateOnly? ApprovalExpiry { get; init; }

    /// <summary>National dataset the collection is already taken from automatically, if any.</summary>
    public string? AutomatedSource { get; init; }

    /// <summary>Last day anyone is known to have used the collection.</summary>
    public DateOnly? LastUsed { get; init; }

    /// <summary>Name of the file the row came from (no folder).</summary>
    public string? SourceFile { get; init; }

    /// <summary>Line in <see cref="SourceFile"/> where the row starts (1 is the header).</summary>
    public int SourceLine { get; init; }
}
