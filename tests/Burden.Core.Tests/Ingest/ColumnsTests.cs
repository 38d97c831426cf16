using Burden.Core.Ingest;

namespace Burden.Core.Tests.Ingest;

public class ColumnsTests
{
    [Theory]
    [InlineData("org_code", "org_code")]
    [InlineData("Org Code", "org_code")]
    [InlineData("ORG-CODE", "org_code")]
    [InlineData("\uFEFForg_code", "org_code")]
    [InlineData("ODS code", "org_code")]
    [InlineData("Received Date", "received_date")]
    [InlineData("Date Received", "received_date")]
    [InlineData("date_received", "received_date")]
    [InlineData("DATA ITEMS", "data_items")]
    [InlineData("Items", "data_items")]
    [InlineData("Hours", "hours_spent")]
    [InlineData("Time spent (hours)", "hours_spent")]
    [InlineData("Band", "staff_band")]
    [InlineData("Reference", "collection_ref")]
    [InlineData("Requested by", "requester")]
    [InlineData("Hours per submission", "hours_per_submission")]
    [InlineData("Approval Expiry", "approval_expiry")]
    [InlineData("DAPB ref", "approval_ref")]
    [InlineData(" last used ", "last_used")]
    public void Recognise_HeaderAsPeopleWriteIt_MapsToCanonicalColumn(string header, string expected)
    {
        var column = Columns.Recognise(header);
        Assert.NotNull(column);
        Assert.Equal(expected, Columns.Name(column.Value));
    }

    [Theory]
    [InlineData("Notes")]
    [InlineData("")]
    [InlineData("Comments from team")]
    public void Recognise_Unknown_Null(string header) => Assert.Null(Columns.Recognise(header));
}
