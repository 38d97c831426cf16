using Burden.Core.Common;
using Burden.Worker.Jobs;

namespace Burden.Worker.Tests.Jobs;

public class UploadIntakeTests
{
    [Theory]
    [InlineData("log.csv", "log.csv")]
    [InlineData("../../etc/passwd.csv", "passwd.csv")]
    [InlineData("C:\\Users\\me\\My Log (v2).xlsx", "My Log _v2_.xlsx")]
    [InlineData("..", "upload")]
    [InlineData("", "upload")]
    [InlineData("réponses.csv", "r_ponses.csv")]
    public void SafeFileName_Name_NoFolderAndOnlySafeCharacters(string name, string expected)
    {
        Assert.Equal(expected, UploadIntake.SafeFileName(name));
    }

    [Fact]
    public void SafeFileName_VeryLongName_KeepsExtension()
    {
        var safe = UploadIntake.SafeFileName(new string('a', 300) + ".xlsx");

        Assert.Equal(100, safe.Length);
        Assert.EndsWith(".xlsx", safe);
    }

    [Theory]
    [InlineData(" qmm ", "QMM")]
    [InlineData("15N", "15N")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void NormaliseOrg_Code_UpperCased(string? org, string? expected)
    {
        Assert.Equal(expected, UploadIntake.NormaliseOrg(org)?.Value);
    }

    [Theory]
    [InlineData("Q")]
    [InlineData("QMM/../x")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("QM")]
    public void NormaliseOrg_NotACode_RefusedWithExpectedForm(string org)
    {
        var refusal = Assert.Throws<BurdenException>(() => UploadIntake.NormaliseOrg(org));

        Assert.Contains("expected an ODS code of 3 to 10 letters and digits", refusal.Message);
    }
}
