using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;
using Microsoft.Data.Sqlite;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Burden.Worker.Tests.Web;

/// <summary>Every failure answers in words with the right status: a full disk, an oversize body (chunked or not), a malformed form.</summary>
[Collection(HostCollection.Name)]
public class FailureResponsesTests
{
    private static MultipartFormDataContent Upload(byte[] content, string fileName = "log.csv")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", fileName }, { new StringContent("QMM"), "org" } };
    }

    private static byte[] Log(int rows)
    {
        var text = new StringBuilder("received_date,requester,title,frequency,data_items,hours_spent\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfoInvariant($"2022-11-{1 + (i % 28):00},NHS England,Request {i} {Guid.NewGuid():N},ad hoc,beds occupied,1\n"));
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    [SkippableFact]
    public async Task PostUpload_DiskFull_ServiceUnavailableInWordsAndHealthDegradedUntilSpaceReturns()
    {
        using var dir = new TempDirectory();
        var disk = dir.File("disk");
        Directory.CreateDirectory(disk);
        Skip.IfNot(Mount(disk, "16m"), "a small tmpfs cannot be mounted here (needs root); the fault-injecting store test covers the same path");
        try
        {
            var options = RunningHost.OptionsFor(dir) with { DataDir = Path.Combine(disk, "data"), Db = Path.Combine(disk, "burden.db"), MinFreeDiskBytes = 1024 * 1024 };
            await using var host = await RunningHost.StartAsync(options);
            using (var first = await host.Client.PostAsync("/api/uploads", Upload(Log(10))))
            {
                Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            }
            var filler = Path.Combine(disk, "filler");
            Fill(filler);

            using var full = await host.Client.PostAsync("/api/uploads", Upload(Log(3000)));
            var fullBody = await full.Content.ReadAsStringAsync();
            using var health = await host.Client.GetAsync("/health");
            var healthBody = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Contains("the disk holding the database or data folder is full", JsonDocument.Parse(fullBody).RootElement.GetProperty("error").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("degraded", healthBody.GetProperty("status").GetString());
            Assert.Contains("full", healthBody.GetProperty("cause").GetString());

            File.Delete(filler);
            using var again = await host.Client.PostAsync("/api/uploads", Upload(Log(3000)));
            using var healthAfter = await host.Client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(HttpStatusCode.OK, healthAfter.StatusCode);
        }
        finally
        {
            Run("umount", "-l", disk);
        }
    }

    [Fact]
    public async Task PostUpload_StoreReportsDiskFull_ServiceUnavailableJsonAndPageInWords()
    {
        using var dir = new TempDirectory();
        var store = Substitute.For<IBurdenStore>();
        store.ListReportsAsync(default).ReturnsForAnyArgs(Array.Empty<ReportRecord>());
        store.CreateUploadAsync(default!, default).ThrowsAsyncForAnyArgs(new SqliteException("database or disk is full", 13));
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { Db = null }, store);

        using var api = await host.Client.PostAsync("/api/uploads", Upload(Log(3)));
        using var health = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/json", api.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Nothing was stored: the disk holding the database or data folder is full",
            JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("is full", JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("cause").GetString());
    }

    [Theory]
    [InlineData(true, 3_000_000)]
    [InlineData(false, 3_000_000)]
    [InlineData(true, 600_000)]
    [InlineData(false, 600_000)]
    public async Task PostUpload_OverLimit_PayloadTooLargeInWords(bool chunked, int bytes)
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { MaxUploadBytes = 500_000 });
        var content = Upload(new byte[bytes]);
        HttpContent body = content;
        if (chunked)
        {
            var buffer = new MemoryStream();
            await content.CopyToAsync(buffer);
            buffer.Position = 0;
            body = new StreamContent(new NonSeekable(buffer));
            body.Headers.ContentType = content.Headers.ContentType;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = body };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    public async Task PostPage_NotAForm_BadRequestPageInWords(string path)
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir) with { ApiKey = path == "/login" ? "a-long-enough-test-key-123" : null });

        using var response = await host.Client.PostAsync(path, new StringContent("{\"not\": \"a form\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not", await response.Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostUpload_BrokenMultipart_BadRequestInWords()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        var broken = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nno closing boundary", Encoding.UTF8);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        using var response = await host.Client.PostAsync("/api/uploads", broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be read", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private static void Fill(string path)
    {
        using var filler = new FileStream(path, FileMode.Create);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // The disk is full: that is the point.
        }
    }

    private static bool Mount(string path, string size) =>
        OperatingSystem.IsLinux() && Environment.UserName == "root" && Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);

    private static bool Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            args.ToList().ForEach(start.ArgumentList.Add);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>A stream that cannot tell its length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
