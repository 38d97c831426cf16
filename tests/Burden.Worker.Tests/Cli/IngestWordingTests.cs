using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Worker.Cli;

namespace Burden.Worker.Tests.Cli;

/// <summary>Each edge words an ingest outcome itself: the CLI names its commands and flags, the upload job names neither.</summary>
public sealed class IngestWordingTests
{
    private static readonly DateTimeOffset Noon = new(2022, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Line_StoredWithRejectsAndSetAside_CliPointsToRejectsUploadDoesNot()
    {
        var outcome = new IngestOutcome("messy.csv", IngestStatus.Stored, 1, LogKind.RequestLog, 5, 6) { SetAside = ["Notes", "Owner"] };

        Assert.Equal("data/messy.csv: accepted 5, rejected 6; reasons: burden rejects --file messy.csv; columns set aside: Notes, Owner",
            IngestWording.Cli.Line(outcome, "data/messy.csv"));
        Assert.Equal("messy.csv: accepted 5, rejected 6; columns set aside: Notes, Owner", IngestWording.Upload.Line(outcome));
    }

    [Fact]
    public void Line_ManySetAsideAndRejectsOverTheKeptLimit_ListsTwentyAndSaysWhichReasonsWereKept()
    {
        var outcome = new IngestOutcome("hostile.csv", IngestStatus.Stored, 1, LogKind.RequestLog, 0, 5_000)
        {
            SetAside = [.. Enumerable.Range(0, 900).Select(i => $"extra{i}")],
            RejectsKept = 100,
        };

        var line = IngestWording.Upload.Line(outcome);

        Assert.StartsWith("hostile.csv: accepted 0, rejected 5000 (reasons kept for the first 100 rejected rows); columns set aside: extra0, extra1", line, StringComparison.Ordinal);
        Assert.EndsWith("extra19 and 880 more", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_SomeAlreadyStored_SaysTheyWereKeptOnce()
    {
        var outcome = new IngestOutcome("qmm-log.csv", IngestStatus.Stored, 2, LogKind.RequestLog, 5, 0) { AlreadyStored = 3 };

        Assert.Equal("qmm-log.csv: accepted 5 (3 already stored, kept once), rejected 0", IngestWording.Cli.Line(outcome));
        Assert.Equal("qmm-log.csv: accepted 5 (3 already stored, kept once), rejected 0", IngestWording.Upload.Line(outcome));
    }

    [Fact]
    public void Line_Skipped_NamesTheEarlierFileAndWhen()
    {
        var earlier = new StoredFile(7, "a.csv", new string('a', 64), LogKind.RequestLog, "QMM", 2, 1, 1, Noon);
        var outcome = new IngestOutcome("b.csv", IngestStatus.Skipped, 7, LogKind.RequestLog, 1, 1) { Earlier = earlier };

        Assert.Equal("b.csv: skipped: the same content was stored on 2022-12-02 12:00 UTC as a.csv (file 7); nothing counted again", IngestWording.Upload.Line(outcome));
    }

    [Fact]
    public void Line_RefusedForWantOfAnOrganisation_EachEdgeSaysHowToGiveOne()
    {
        var outcome = IngestOutcome.Refused("a.csv", LogKind.RequestLog,
            new IngestRefusal(RefusalKind.MissingColumns, "missing required column org_code for a request log; headers found: title", ["org_code"]));

        Assert.Equal("a.csv: refused: missing required column org_code for a request log; headers found: title (or give --org CODE for a log without one)",
            IngestWording.Cli.Line(outcome));
        var upload = IngestWording.Upload.Line(outcome);
        Assert.DoesNotContain("--org", upload, StringComparison.Ordinal);
        Assert.EndsWith("(or give the organisation code with the upload for a log without one)", upload, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_RefusedForAnotherReason_NoOrganisationHint()
    {
        var outcome = IngestOutcome.Refused("a.xlsx", null, new IngestRefusal(RefusalKind.Damaged, "not a readable .xlsx workbook", []));

        Assert.Equal("a.xlsx: refused: not a readable .xlsx workbook", IngestWording.Cli.Line(outcome));
    }
}
