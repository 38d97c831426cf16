using Burden.Core.Common;

namespace Burden.Core.Tests.Common;

public class ReferenceFileTests
{
    [Fact]
    public void Read_CommentsBlanksAndVersion_KeepsRuleLinesWithTheirNumbers()
    {
        var file = ReferenceFile.Read("taxonomy.txt", "# version: 2025-11\r\n\n# a comment\n  outcome: mortality  \nprocess: waiting\n");

        Assert.Equal("2025-11", file.Version);
        Assert.Equal(
            [new ReferenceLine("taxonomy.txt", 4, "outcome: mortality"), new ReferenceLine("taxonomy.txt", 5, "process: waiting")],
            file.Lines);
        Assert.Equal("taxonomy.txt line 4", file.Lines[0].Where);
    }

    [Fact]
    public void Read_NoVersionLine_VersionIsTheFileName()
    {
        Assert.Equal("mine.txt", ReferenceFile.Read("mine.txt", "input: bed").Version);
    }
}
