using Burden.Core.Common;

namespace Burden.Core.Ingest;

/// <summary>Why a whole file was refused: what an edge decides on (a status code, a hint), never the wording.</summary>
public enum RefusalKind
{
    /// <summary>No bytes, or no rows.</summary>
    Empty,
    /// <summary>Over the size limit.</summary>
    TooLarge,
    /// <summary>Neither CSV text nor an .xlsx workbook (an old .xls, binary bytes, a zip that is not a workbook).</summary>
    UnsupportedFormat,
    /// <summary>An .xlsx workbook that cannot be read.</summary>
    Damaged,
    /// <summary>An .xlsx workbook whose parts inflate past the limits.</summary>
    PossibleZipBomb,
    /// <summary>No row in the searched rows looks like a header, or there is no worksheet.</summary>
    NoHeaderRow,
    /// <summary>The header row has more columns than the limit.</summary>
    TooManyColumns,
    /// <summary>The header lacks a required column (<see cref="FileRefusedException.MissingColumns"/>).</summary>
    MissingColumns,
    /// <summary>A replacement names a stored file that is no longer there (removed already).</summary>
    NothingToReplace,
}

/// <summary>A whole file was refused (missing required column, empty, not CSV/XLSX, over a limit); nothing of it is stored.</summary>
public sealed class FileRefusedException : BurdenException
{
    /// <summary>Creates the refusal; <paramref name="reason"/> says what was wrong with the file and what was expected.</summary>
    public FileRefusedException(string file, RefusalKind kind, string reason, IReadOnlyList<string>? missingColumns = null) : base($"{file}: refused: {reason}")
    {
        File = file;
        Kind = kind;
        Reason = reason;
        MissingColumns = missingColumns ?? [];
    }

    /// <summary>The file name (no folder).</summary>
    public string File { get; }

    /// <summary>Why, as a kind an edge can act on.</summary>
    public RefusalKind Kind { get; }

    /// <summary>What was wrong, without the file name.</summary>
    public string Reason { get; }

    /// <summary>For <see cref="RefusalKind.MissingColumns"/>, the canonical names of the required columns missing (<c>org_code</c>); otherwise empty.</summary>
    public IReadOnlyList<string> MissingColumns { get; }

    /// <summary>The refusal as data, for an <see cref="IngestOutcome"/>.</summary>
    public IngestRefusal ToRefusal() => new(Kind, Reason, MissingColumns);
}
