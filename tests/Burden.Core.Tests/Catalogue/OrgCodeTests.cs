using System.Text.Json;
using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Tests.Catalogue;

public sealed class OrgCodeTests
{
    [Theory]
    [InlineData("QMM", "QMM")]
    [InlineData("qmm", "QMM")]
    [InlineData("  Rxh\t", "RXH")]
    [InlineData("a81001", "A81001")]
    [InlineData("15N", "15N")]
    [InlineData("ABCDEFGHIJ", "ABCDEFGHIJ")]
    public void TryParse_OdsCode_UpperCasedAndTrimmed(string text, string expected)
    {
        Assert.True(OrgCode.TryParse(text, out var code, out var reason));
        Assert.Null(reason);
        Assert.Equal(expected, code.Value);
        Assert.Equal(expected, code.ToString());
    }

    [Theory]
    [InlineData("QM", "'QM' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData("ABCDEFGHIJK", "'ABCDEFGHIJK' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData("Q-MM", "'Q-MM' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData("Q MM", "'Q MM' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData("QMMé", "'QMMé' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData("../x", "'../x' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData("   ", "blank is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    [InlineData(null, "blank is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)")]
    public void TryParse_NotACode_FalseWithTheReason(string? text, string reason)
    {
        Assert.False(OrgCode.TryParse(text, out var code, out var why));
        Assert.Null(code);
        Assert.Equal(reason, why);
    }

    [Fact]
    public void Equals_TwoSpellings_OneOrganisation()
    {
        OrgCode lower = "qmm";
        OrgCode upper = " QMM ";

        Assert.Equal(lower, upper);
        Assert.True(lower == upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.Single(new HashSet<OrgCode> { lower, upper });
        Assert.NotEqual(lower, OrgCode.Parse("RXH"));
        Assert.True(OrgCode.Parse("QMM").CompareTo(OrgCode.Parse("RXH")) < 0);
    }

    [Fact]
    public void Parse_NotACode_ThrowsBurdenExceptionWithTheReason()
    {
        var thrown = Assert.Throws<BurdenException>(() => OrgCode.Parse("Q"));
        Assert.Equal("'Q' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)", thrown.Message);
        Assert.Throws<BurdenException>(() => { OrgCode _ = "not a code"; });
    }

    [Fact]
    public void ParseOptional_Blank_Null()
    {
        Assert.Null(OrgCode.ParseOptional(null));
        Assert.Null(OrgCode.ParseOptional(" "));
        Assert.Equal("QMM", OrgCode.ParseOptional("qmm")?.Value);
    }

    [Fact]
    public void FromStored_CodeFromAnOlderRule_LoadsUpperCased()
    {
        Assert.Equal("X1", OrgCode.FromStored("x1").Value);
        Assert.Equal(OrgCode.Parse("QMM"), OrgCode.FromStored("QMM"));
    }

    [Fact]
    public void Json_WrittenAsItsText_ReadBack()
    {
        var json = JsonSerializer.Serialize(new { org = OrgCode.Parse("qmm") });

        Assert.Equal("{\"org\":\"QMM\"}", json);
        Assert.Equal(OrgCode.Parse("QMM"), JsonSerializer.Deserialize<OrgCode>("\"qmm\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OrgCode>("\"q\""));
    }
}
