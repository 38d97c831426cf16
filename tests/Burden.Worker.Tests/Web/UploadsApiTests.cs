using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;

namespace Burden.Worker.Tests.Web;

/// <summary>The upload history on a real host (Kestrel, a Hangfire server, SQLite): <c>GET /api/uploads</c>, the <c>/uploads</c> page, <c>DELETE /api/uploads/{id}</c>.</summary>
[Collection(HostCollection.Name)]
public class UploadsApiTests
{
    private static async Task<long> UploadAsync(RunningHost host, string fileName, string content, string org)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await host.Client.PostAsync("/api/uploads", new MultipartFormDataContent { { file, "file", fileName }, { new StringContent(org), "org" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        await RunningHost.WaitUntilAsync(async () => (await host.Service<IBurdenStore>().GetUploadAsync(id))?.Status is UploadStatus.Done or UploadStatus.Refused or UploadStatus.Skipped or UploadStatus.Failed, $"upload {id} is finished");
        return id;
    }

    [Fact]
    public async Task ListUploads_ThreeUploadsOfTwoOrganisations_NewestFirstPagedAndFiltered()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        var first = await UploadAsync(host, "qmm-november.csv", SampleLogs.NovemberWithOneBadDate, "QMM");
        var second = await UploadAsync(host, "que-november.csv", SampleLogs.NovemberAllGood, "QUE");
        var third = await UploadAsync(host, "qmm-november.csv", SampleLogs.NovemberWithOneBadDate, "QMM");

        var all = JsonDocument.Parse(await host.Client.GetStringAsync("/api/uploads")).RootElement;
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([third, second, first], items.Select(i => i.GetProperty("id").GetInt64()));
        var one = items[2];
        Assert.Equal(("qmm-november.csv", "QMM", "done", 2, 1), (one.GetProperty("file").GetString(), one.GetProperty("org").GetString(), one.GetProperty("status").GetString(),
            one.GetProperty("accepted").GetInt32(), one.GetProperty("rejected").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, one.GetProperty("finished").ValueKind);
        // The same content again stores nothing and says which upload it matches.
        Assert.Equal(("skipped", 0, first), (items[0].GetProperty("status").GetString(), items[0].GetProperty("accepted").GetInt32(), items[0].GetProperty("earlier_upload").GetInt64()));

        var page1 = JsonDocument.Parse(await host.Client.GetStringAsync("/api/uploads?limit=2")).RootElement;
        Assert.Equal([third, second], page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        var next = page1.GetProperty("next").GetString()!;
        var page2 = JsonDocument.Parse(await host.Client.GetStringAsync(next)).RootElement;
        Assert.Equal([first], page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);

        var que = JsonDocument.Parse(await host.Client.GetStringAsync("/api/uploads?org=que")).RootElement;
        Assert.Equal([second], que.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        using var bad = await host.Client.GetAsync("/api/uploads?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit '0' is not a page size", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var html = await host.Client.GetStringAsync("/uploads?org=QMM");
        Assert.Contains($"data-upload=\"{first}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-upload=\"{third}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-upload=\"{second}\"", html, StringComparison.Ordinal);
        Assert.Contains("qmm-november.csv", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteUpload_StoredFile_RemovesItsRequestsOnceAndThenSaysNothingIsLeft()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        var store = host.Service<IBurdenStore>();
        var qmm = await UploadAsync(host, "qmm-november.csv", SampleLogs.NovemberWithOneBadDate, "QMM");
        var que = await UploadAsync(host, "que-november.csv", SampleLogs.NovemberAllGood, "QUE");
        Assert.Equal(2, (await store.LoadRequestsAsync(new RequestQuery(null, "QMM"))).Count);

        using var removed = await host.Client.DeleteAsync($"/api/uploads/{qmm}");
        var body = JsonDocument.Parse(await removed.Content.ReadAsStringAsync()).RootElement;
        using var again = await host.Client.DeleteAsync($"/api/uploads/{qmm}");
        using var missing = await host.Client.DeleteAsync("/api/uploads/99999");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal((2, 1, "removed"), (body.GetProperty("requests_removed").GetInt32(), body.GetProperty("rejects_removed").GetInt32(), body.GetProperty("status").GetString()));
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, "QMM")));
        Assert.Equal(2, (await store.LoadRequestsAsync(new RequestQuery(null, "QUE"))).Count);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("its file was already removed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var listed = JsonDocument.Parse(await host.Client.GetStringAsync("/api/uploads")).RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetInt64(), i => i.GetProperty("status").GetString());
        Assert.Equal("removed", listed[qmm]);
        Assert.Equal("done", listed[que]);
    }
}
