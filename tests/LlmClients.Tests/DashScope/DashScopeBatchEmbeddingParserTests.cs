using System.IO.Compression;
using System.Text;
using LlmClients.DashScope;

namespace LlmClients.Tests.DashScope;

public sealed class DashScopeBatchEmbeddingParserTests
{
    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Parse_GzipLinesOutOfOrder_ReturnsInputOrder()
    {
        var body = Gzip("""
            {"output":{"code":200,"embedding":[1.5,2],"message":"Success","text_index":1}}
            {"output":{"code":200,"embedding":[0.5,1],"message":"Success","text_index":0}}

            """);

        var result = DashScopeBatchEmbeddingClient.Parse(body, "t1", "text-embedding-async-v2", 2, "r1");

        Assert.Equal([0.5f, 1f], result[0].Vector.ToArray());
        Assert.Equal([1.5f, 2f], result[1].Vector.ToArray());
        Assert.Equal("text-embedding-async-v2", result[0].ModelId);
    }

    [Fact]
    public void Parse_PlainTopLevelLines_AreRead()
    {
        var result = DashScopeBatchEmbeddingClient.Parse(Encoding.UTF8.GetBytes("{\"text_index\":0,\"embedding\":[3]}\n"), "t1", "m", null, null);

        Assert.Equal([3f], Assert.Single(result).Vector.ToArray());
    }

    [Fact]
    public void Parse_FailedAndMissingLines_ThrowNamingThem()
    {
        var body = Gzip("""
            {"output":{"code":400,"message":"InvalidParameter","text_index":0}}
            {"output":{"code":200,"embedding":[1],"text_index":2}}
            """);

        var ex = Assert.Throws<LlmRequestException>(() => DashScopeBatchEmbeddingClient.Parse(body, "t1", "m", null, "r1"));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("text 0: 400 InvalidParameter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("text_index 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal("r1", ex.RequestId);
    }

    [Fact]
    public void Parse_DuplicateIndex_Throws()
    {
        var ex = Assert.Throws<LlmRequestException>(() => DashScopeBatchEmbeddingClient.Parse(Encoding.UTF8.GetBytes("{\"text_index\":0,\"embedding\":[1]}\n{\"text_index\":0,\"embedding\":[2]}"), "t1", "m", null, null));

        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NativeUpload_FileInNeitherList_CountsAsFailed()
    {
        var wire = new DashScopeNativeResponse<DashScopeNativeUploadData>(new DashScopeNativeUploadData([new DashScopeNativeUploadedFile("a.txt", "f1")], []), "r");

        var result = DashScopeNativeFileClient.FromWire(wire, ["a.txt", "b.txt"], null);

        Assert.Equal("b.txt", Assert.Single(result.Failed).Name);
        Assert.Throws<LlmRequestException>(() => result.EnsureAllUploaded());
    }

    [Fact]
    public void TaskFromWire_FailedTask_MapsCodeMessageAndBeijingTimes()
    {
        var wire = new DashScopeTaskResponse
        {
            Output = new DashScopeTaskOutput("t", "FAILED", SubmitTime: "2024-03-01 17:38:24.817", ScheduledTime: null, EndTime: null, Url: null, Code: "InvalidParameter", Message: "bad file", Model: null, TaskMetrics: null),
            RequestId = "r",
        };

        var task = DashScopeTaskClient.FromWire(wire, null, null);
        var ex = DashScopeTaskClient.Ended(task);

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 17, 38, 24, 817, TimeSpan.FromHours(8)), task.SubmittedAt);
        Assert.Equal(("InvalidParameter", LlmErrorKind.InvalidRequest, "t"), (ex.ErrorCode, ex.Kind, (string?)ex.Data[IDashScopeTaskClient.TaskIdDataKey]));
        Assert.Contains("bad file", ex.Message, StringComparison.Ordinal);
    }
}
