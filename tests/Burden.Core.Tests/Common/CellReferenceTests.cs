using Burden.Core.Common;

namespace Burden.Core.Tests.Common;

public class CellReferenceTests
{
    [Theory]
    [InlineData("A1", 0)]
    [InlineData("Z9", 25)]
    [InlineData("AA10", 26)]
    [InlineData("AB12", 27)]
    [InlineData("ab12", 27)]
    [InlineData("XFD1048576", 16383)]
    [InlineData("12", -1)]
    [InlineData("ABCD1", -1)]
    [InlineData("", -1)]
    public void ColumnIndex_CellReference_ZeroBasedColumn(string reference, int expected) =>
        Assert.Equal(expected, CellReference.ColumnIndex(reference));
}
