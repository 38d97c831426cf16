namespace Burden.Core.Common;

/// <summary>Spreadsheet cell references (<c>AB12</c>), shared by the XLSX reader and the report writer.</summary>
internal static class CellReference
{
    /// <summary>Zero-based column of a cell reference such as <c>AB12</c>; -1 when it does not start with one to three letters.</summary>
    public static int ColumnIndex(ReadOnlySpan<char> reference)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = column * 26 + (c - 'A' + 1);
            }
            else if (c is >= 'a' and <= 'z')
            {
                column = column * 26 + (c - 'a' + 1);
            }
            else
            {
                break;
            }
            if (++letters > 3)
            {
                return -1;
            }
        }
        return letters == 0 ? -1 : column - 1;
    }
}
