using Burden.Core.Catalogue;

namespace Burden.Core.Tests.Catalogue;

/// <summary>Which rows count as the same request when a log is uploaded again.</summary>
public sealed class RequestFingerprintTests
{
    private static readonly RequestRecord Sitrep = new()
    {
        OrgCode = "QMM",
        ReceivedDate = new DateOnly(2022, 11, 14),
        Requester = "NHS England - Midlands Region",
        Title = "Ambulance handover delays snapshot",
        Frequency = Frequency.AdHoc,
        DataItems = ["Handovers over 30 minutes", "Handovers over 60 minutes"],
        CollectionRef = "AMB01",
        HoursSpent = 4.36m,
    };

    [Fact]
    public void Of_AnyRequest_Is32LowerCaseHexCharactersOfTheStoredBytes()
    {
        var fingerprint = RequestFingerprint.Of(Sitrep);

        Assert.Matches("^[0-9a-f]{32}$", fingerprint);
        Assert.Equal(RequestFingerprint.Bytes, RequestFingerprint.Compute(Sitrep).Length);
        Assert.Equal(fingerprint, Convert.ToHexStringLower(RequestFingerprint.Compute(Sitrep)));
    }

    [Fact]
    public void Of_AccentedTextInAnotherCase_SameFingerprint()
    {
        Assert.Equal(RequestFingerprint.Of(Sitrep with { Title = "ÉTAT des lits" }), RequestFingerprint.Of(Sitrep with { Title = "état des lits" }));
    }

    [Fact]
    public void Of_CaseAndWhiteSpaceDiffer_SameFingerprint()
    {
        var retyped = Sitrep with
        {
            OrgCode = " qmm ",
            Requester = "NHS  England -\tMidlands Region",
            Title = "  AMBULANCE handover delays   snapshot ",
            DataItems = [" handovers over 30 MINUTES", "Handovers over 60 minutes  "],
            CollectionRef = "amb01",
        };

        Assert.Equal(RequestFingerprint.Of(Sitrep), RequestFingerprint.Of(retyped));
    }

    [Fact]
    public void Of_AnswerFactsDiffer_SameFingerprint()
    {
        var answeredAgain = Sitrep with
        {
            HoursSpent = 2.84m,
            StaffBand = "8b",
            Channel = "portal",
            DueDate = new DateOnly(2022, 11, 16),
            Purpose = "Regional escalation call",
            ApprovalRef = "DAPB0001",
            SourceFile = "other.csv",
            SourceLine = 99,
        };

        Assert.Equal(RequestFingerprint.Of(Sitrep), RequestFingerprint.Of(answeredAgain));
    }

    public static TheoryData<RequestRecord> OtherRequests() =>
    [
        Sitrep with { OrgCode = "RXK" },
        Sitrep with { ReceivedDate = new DateOnly(2022, 11, 15) },
        Sitrep with { Requester = "CQC" },
        Sitrep with { Title = "Ambulance handover delays snapshot - Sunday" },
        Sitrep with { Frequency = Frequency.Daily },
        Sitrep with { CollectionRef = null },
        Sitrep with { DataItems = ["Handovers over 30 minutes"] },
        // Order counts: the same items listed the other way round are kept as another request, never merged silently.
        Sitrep with { DataItems = ["Handovers over 60 minutes", "Handovers over 30 minutes"] },
        // Items are not just concatenated: where one item ends matters.
        Sitrep with { DataItems = ["Handovers over 30 minutes Handovers over 60 minutes"] },
    ];

    [Theory]
    [MemberData(nameof(OtherRequests))]
    public void Of_IdentifyingFieldDiffers_DifferentFingerprint(RequestRecord other)
    {
        Assert.NotEqual(RequestFingerprint.Of(Sitrep), RequestFingerprint.Of(other));
    }

    [Fact]
    public void Of_SecondOccurrence_DiffersFromFirstAndIsStable()
    {
        Assert.NotEqual(RequestFingerprint.Of(Sitrep), RequestFingerprint.Of(Sitrep, 2));
        Assert.Equal(RequestFingerprint.Of(Sitrep, 2), RequestFingerprint.Of(Sitrep with { HoursSpent = 1m }, 2));
        Assert.Equal(RequestFingerprint.Of(Sitrep), RequestFingerprint.Of(Sitrep, 1));
    }

    [Fact]
    public void Of_OccurrenceBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestFingerprint.Of(Sitrep, 0));
    }

    [Fact]
    public void SequenceNext_RepeatsInOneFile_NumberedInOrderOthersUnaffected()
    {
        var sequence = new RequestFingerprint.Sequence();
        var other = Sitrep with { Title = "Bed position" };

        var got = new[] { sequence.Next(Sitrep), sequence.Next(other), sequence.Next(Sitrep with { Title = "ambulance handover delays snapshot" }), sequence.Next(Sitrep) }
            .Select(Convert.ToHexStringLower);

        Assert.Equal(
            [RequestFingerprint.Of(Sitrep), RequestFingerprint.Of(other), RequestFingerprint.Of(Sitrep, 2), RequestFingerprint.Of(Sitrep, 3)],
            got);
    }
}
