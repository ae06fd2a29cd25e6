using System.Net;
using LlmClients.DashScope;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.DashScope.DashScopeTestHarness;

namespace LlmClients.Tests.DashScope;

public class DashScopeFileClientTests
{
    private static DashScopeFileClient Files(MockHttpMessageHandler mock) => new(Transport(mock), Settings(o => o.WorkspaceId = "ws-9"));

    [Fact]
    public async Task UploadAsync_File_SendsMultipartWithFileExtractPurposeAndReturnsId()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ds-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "百炼手机");
        try
        {
            using var mock = new MockHttpMessageHandler();
            string? body = null;
            string? contentType = null;
            mock.Expect(HttpMethod.Post, Compatible + "files").WithHeaders("X-DashScope-WorkSpace", "ws-9").Respond(async req =>
            {
                contentType = req.Content!.Headers.ContentType!.MediaType;
                body = await req.Content.ReadAsStringAsync();
                return Json(Fixture("upload-file-compatible-nosse.response.json"));
            });

            var file = await Files(mock).UploadAsync(path);

            Assert.Equal("multipart/form-data", contentType);
            Assert.Contains("name=purpose", body, StringComparison.Ordinal);
            Assert.Contains("file-extract", body, StringComparison.Ordinal);
            Assert.Contains("name=file", body, StringComparison.Ordinal);
            Assert.Contains("百炼手机", body, StringComparison.Ordinal);
            Assert.Equal("file-fe-5d5eb068893f4b5e8551ada4", file.Id);
            Assert.Equal(7, file.Bytes);
            Assert.Equal("processed", file.Status);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764499365), file.CreatedAt);
            mock.VerifyNoOutstandingExpectation();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UploadAsync_MissingFile_ThrowsFileNotFoundBeforeNetwork()
    {
        using var mock = new MockHttpMessageHandler();

        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => Files(mock).UploadAsync("/no/such/file.pdf"));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    [Fact]
    public async Task UploadAsync_EmptyFile_ThrowsBeforeNetwork()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var mock = new MockHttpMessageHandler();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => Files(mock).UploadAsync(path));

            Assert.Contains("is empty", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UploadAsync_FileOver150MB_ThrowsBeforeReadingOrNetworkNamingTheLimit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ds-big-{Guid.NewGuid():N}.pdf");
        using (var sparse = File.Create(path))
        {
            sparse.SetLength(DashScopeFileClient.MaxFileBytes + 1);
        }

        try
        {
            using var mock = new MockHttpMessageHandler();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => Files(mock).UploadAsync(path));

            Assert.Contains("150 MB", ex.Message, StringComparison.Ordinal);
            Assert.Equal("path", ex.ParamName);
            Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UploadAsync_SeekableStreamOver150MB_ThrowsWithoutReadingIt()
    {
        using var mock = new MockHttpMessageHandler();
        using var content = new HugeUnreadableStream(DashScopeFileClient.MaxFileBytes + 1);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Files(mock).UploadAsync(content, "big.pdf"));

        Assert.Contains("150 MB", ex.Message, StringComparison.Ordinal);
        Assert.Equal("content", ex.ParamName);
    }

    [Fact]
    public async Task UploadAsync_BadPurpose_ThrowsTypedInvalidRequest()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Compatible + "files").Respond(_ => Json(Fixture("upload-file-error-nosse.response.json"), HttpStatusCode.BadRequest));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Files(mock).UploadAsync(new MemoryStream([1, 2, 3]), "a.txt", "batch"));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("'purpose' must be 'file-extract'", ex.VendorMessage);
        Assert.Equal("dashscope", ex.Provider);
    }

    [Theory]
    [InlineData("text/html", "<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>", null)]
    [InlineData("application/json", """{"code":"BadRequest.TooLarge","message":"Payload Too Large","request_id":"rid-413"}""", "BadRequest.TooLarge")]
    [InlineData("application/json", """{"error":{"message":"File size exceeds the limit.","type":"invalid_request_error","param":"file","code":null},"request_id":"rid-413"}""", "invalid_request_error")]
    public async Task UploadAsync_TooLargeForTheService_ThrowsTypedInvalidRequestNotTransient(string mediaType, string body, string? code)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Compatible + "files").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge) { Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType) };
            response.Headers.Add("X-Request-ID", "hdr-413");
            return response;
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Files(mock).UploadAsync(new MemoryStream([1, 2, 3]), "big.pdf"));

        Assert.Equal(413, ex.StatusCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(mediaType == "text/html" ? "hdr-413" : "rid-413", ex.RequestId);
        Assert.Equal("dashscope", ex.Provider);
        Assert.DoesNotContain("<html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListGetDelete_MapResponses()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, Compatible + "files").WithExactQueryString("after=file-fe-x&limit=3").Respond(_ => Json(Fixture("list-file-compatible-nosse.response.json")));
        mock.Expect(HttpMethod.Get, Compatible + "files/file-fe-d5c0ea9110bd47afb0505f43").Respond(_ => Json(Fixture("upload-file-compatible-nosse.response.json")));
        mock.Expect(HttpMethod.Delete, Compatible + "files/file-fe-d5c0ea9110bd47afb0505f43").Respond(_ => Json(Fixture("delete-file-compatible-nosse.response.json")));
        var files = Files(mock);

        var list = await files.ListAsync(after: "file-fe-x", limit: 3);
        var got = await files.GetAsync("file-fe-d5c0ea9110bd47afb0505f43");
        var deleted = await files.DeleteAsync("file-fe-d5c0ea9110bd47afb0505f43");

        Assert.False(list.HasMore);
        Assert.Equal("file1.txt", Assert.Single(list.Files).FileName);
        Assert.Equal("test2.txt", got.FileName);
        Assert.True(deleted);
        mock.VerifyNoOutstandingExpectation();
    }

    /// <summary>A seekable stream that reports a length but fails if anything reads it.</summary>
    private sealed class HugeUnreadableStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The stream was read.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }
    }
}
