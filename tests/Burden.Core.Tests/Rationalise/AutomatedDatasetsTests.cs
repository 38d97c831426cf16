using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Rationalise;

namespace Burden.Core.Tests.Rationalise;

public class AutomatedDatasetsTests
{
    private static readonly AnalysisReference Shipped = AnalysisReference.Shipped;

    private static IReadOnlyList<string> Covering(string item) => Shipped.Datasets.Covering(Shipped.Normaliser.Words(item).ToHashSet());

    [Fact]
    public void Names_ShippedList_HasTheNationalDatasets()
    {
        Assert.Equal(["ECDS", "SUS APC", "SUS OP", "ESR", "GP Appointments Data", "MHSDS", "CSDS", "MSDS", "WLMDS", "DID", "Cancer Waiting Times dataset", "NHS Talking Therapies", "FDP national tenant acute flows"], Shipped.Datasets.Names);
    }

    [Theory]
    [InlineData("Type 1 A&E attendances", "ECDS")]
    [InlineData("ED attendances", "ECDS")]
    [InlineData("Patients waiting over 52 weeks", "WLMDS")]
    [InlineData("Staff in post WTE", "ESR")]
    [InlineData("MRI tests performed", "DID")]
    [InlineData("Patients treated within 62 days of urgent referral", "Cancer Waiting Times dataset")]
    [InlineData("G&A beds occupied", "FDP national tenant acute flows")]
    public void Covering_MeasureADatasetCarries_NamesIt(string item, string dataset)
    {
        Assert.Contains(dataset, Covering(item));
    }

    [Theory]
    [InlineData("Number of mental health staff")]
    [InlineData("Agency spend this month")]
    [InlineData("Wellbeing guardians in post")]
    public void Covering_MeasureNoDatasetCarries_IsEmpty(string item)
    {
        Assert.Empty(Covering(item));
    }

    [Fact]
    public void Parse_UserFile_AddsMeasuresToADataset()
    {
        var reference = AnalysisReference.FromText(null, null, ("mine.txt", "ESR: wellbeing guardian"));

        Assert.Contains("ESR", reference.Datasets.Covering(reference.Normaliser.Words("Wellbeing guardians in post").ToHashSet()));
    }

    [Fact]
    public void Parse_BadLine_NamesFileAndLine()
    {
        var e = Assert.Throws<BurdenException>(() => AnalysisReference.FromText(null, null, ("mine.txt", "# x\nno colon here")));

        Assert.StartsWith("mine.txt line 2:", e.Message, StringComparison.Ordinal);
    }
}
