using Burden.Core.Common;

namespace Burden.Core.Ingest;

/// <summary>A whole file was refused (missing required column, empty, not CSV/XLSX, over a limit); nothing of it is stored.</summary>
public sealed class FileRefusedException : BurdenException
{
    /// <summary>Creates the refusal; <paramref name="reason"/> says what was expected.</summary>
    public FileRefusedException(string file, string reason) : base($"{file}: refused: {reason}")
    {
        File = file;
        Reason = reason;
    }

    /// <summary>The file name (no folder).</summary>
    public string File { get; }

    /// <summary>What was wrong, without the file name.</summary>
    public string Reason { get; }
}
