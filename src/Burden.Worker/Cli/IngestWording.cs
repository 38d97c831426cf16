using System.Globalization;
using Burden.Core.Ingest;

namespace Burden.Worker.Cli;

/// <summary>How an edge words an <see cref="IngestOutcome"/>: one line starting with the file, with the edge's own hints.</summary>
/// <param name="RejectsHint">What to add when rows were rejected (the CLI names its rejects command; the page lists them itself), or null.</param>
/// <param name="OrgHint">How to give an organisation code for the whole file on this edge (<c>give --org CODE</c>).</param>
internal sealed record IngestWording(Func<IngestOutcome, string>? RejectsHint, string OrgHint)
{
    /// <summary>The command line: points to <c>burden rejects</c> and <c>--org</c>.</summary>
    public static IngestWording Cli { get; } = new(o => $"reasons: burden rejects --file {o.File}", "or give --org CODE");

    /// <summary>The upload job, read on the page, in the API and in the inbox's reason files, which list rejects themselves.</summary>
    public static IngestWording Upload { get; } = new(null, "or give the organisation code with the upload");

    /// <summary>The line for <paramref name="outcome"/>, naming the file as <paramref name="shownName"/> (the path the user typed, or the upload's name).</summary>
    public string Line(IngestOutcome outcome, string? shownName = null) =>
        IngestOptions.Cap(Words(outcome, shownName), IngestOptions.Default.MaxMessageChars);

    private string Words(IngestOutcome outcome, string? shownName)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var name = shownName ?? outcome.File;
        switch (outcome.Status)
        {
            case IngestStatus.Skipped:
                var earlier = outcome.Earlier;
                var when = earlier?.IngestedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var replacing = outcome.ReplacingFileId is { } r
                    ? earlier?.Id == r ? "; it is the file it would replace, which stays" : $"; file {r} was not replaced"
                    : "";
                return earlier is null
                    ? $"{name}: skipped: the same content was stored before; nothing counted again{replacing}"
                    : $"{name}: skipped: the same content was stored on {when} UTC as {earlier.Name} (file {earlier.Id}); nothing counted again{replacing}";
            case IngestStatus.Refused:
                var refusal = outcome.Refusal;
                var reason = refusal?.Reason ?? "the file could not be read";
                if (refusal is { Kind: RefusalKind.NothingToReplace })
                {
                    return $"{name}: refused: {reason}; nothing stored";
                }
                return refusal is { NeedsOrgCode: true } ? $"{name}: refused: {reason} ({OrgHint} for a log without one)" : $"{name}: refused: {reason}";
            default:
                var line = outcome.AlreadyStored > 0
                    ? $"{name}: accepted {outcome.Accepted} ({outcome.AlreadyStored} already stored, kept once), rejected {outcome.Rejected}"
                    : $"{name}: accepted {outcome.Accepted}, rejected {outcome.Rejected}";
                if (outcome.Rejected > outcome.RejectsKept)
                {
                    line += $" (reasons kept for the first {outcome.RejectsKept:N0} rejected rows)";
                }
                if (outcome.Rejected > 0 && RejectsHint is not null)
                {
                    line += "; " + RejectsHint(outcome);
                }
                if (outcome.SetAside.Count > 0)
                {
                    const int shown = 20;
                    var listed = string.Join(", ", outcome.SetAside.Take(shown).Select(c => IngestOptions.Cap(c, 40)));
                    line += $"; columns set aside: {listed}{(outcome.SetAside.Count > shown ? $" and {outcome.SetAside.Count - shown:N0} more" : "")}";
                }
                if (outcome.Replaced is { } replaced)
                {
                    line += $"; replaced file {replaced.File.Id} ({replaced.File.Name}: {replaced.RequestsRemoved + replaced.CatalogueRowsRemoved} rows removed)";
                }
                return line;
        }
    }
}
