using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using LlmClients.Spark;
using static LlmClients.Tests.Spark.SparkTestHost;

namespace LlmClients.Tests.Spark;

public sealed class SparkEmbeddingClientTests
{
    [Fact]
    public void Decode_DocSamplePrefix_ReadsLittleEndianFloat32()
    {
        // The embedding doc's sample answer starts AGAjvgDA8D0A4DM9: little-endian gives -0.1595, 0.1176, 0.0439.
        var vector = SparkEmbeddingClient.Decode("AGAjvgDA8D0A4DM9");

        Assert.NotNull(vector);
        Assert.Equal(3, vector.Length);
        Assert.Equal(-0.1595, vector[0], 4);
        Assert.Equal(0.1176, vector[1], 4);
        Assert.Equal(0.0439, vector[2], 4);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")] // 3 bytes: not whole float32 values.
    public void Decode_NotWholeFloats_ReturnsNull(string? text)
    {
        Assert.Null(SparkEmbeddingClient.Decode(text));
    }

    [Fact]
    public void BuildBody_OneText_IsTheOfficialShapeWithTheTextAsBase64Json()
    {
        var body = JsonNode.Parse(SparkEmbeddingClient.BuildBody("机器学习", "app-1", "query"))!;

        Assert.Equal("app-1", body["header"]!["app_id"]!.GetValue<string>());
        Assert.Equal(3, body["header"]!["status"]!.GetValue<int>());
        Assert.Equal("query", body["parameter"]!["emb"]!["domain"]!.GetValue<string>());
        Assert.Equal("utf8", body["parameter"]!["emb"]!["feature"]!["encoding"]!.GetValue<string>());
        var inner = Encoding.UTF8.GetString(Convert.FromBase64String(body["payload"]!["messages"]!["text"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"messages":[{"content":"机器学习","role":"user"}]}"""), JsonNode.Parse(inner)), inner);
    }

    [Fact]
    public void Domain_InputTypes_MapToParaAndQuery()
    {
        Assert.Equal("para", SparkEmbeddingClient.Domain(null));
        Assert.Equal("para", SparkEmbeddingClient.Domain(EmbeddingInputType.Document));
        Assert.Equal("query", SparkEmbeddingClient.Domain(EmbeddingInputType.Query));
        var ex = Assert.Throws<ArgumentException>(() => SparkEmbeddingClient.Domain(new EmbeddingInputType("classification")));
        Assert.Contains("EmbeddingInputType.Query", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ThreeTexts_OneSignedRequestEachInOrderWithTheSidAsRequestId()
    {
        using var host = Create(o => o.EmbeddingParallelism = 3);
        host.Handler.Responses.Enqueue(() => Answer([1f, 2f], "sid-a"));
        host.Handler.Responses.Enqueue(() => Answer([3f, 4f], "sid-b"));
        host.Handler.Responses.Enqueue(() => Answer([5f, 6f], "sid-c"));

        var result = await host.Embeddings.GenerateAsync(["a", "b", "c"], new EmbeddingGenerationOptions().WithInputType(EmbeddingInputType.Query));

        Assert.Equal(3, host.Handler.Requests.Count);
        Assert.Equal(["a", "b", "c"], host.Handler.Requests.Select(r => InnerText(r.Body)).Order());
        Assert.Equal(3, result.Count);

        Assert.All(host.Handler.Requests, r =>
        {
            Assert.Equal("https://emb-cn-huabei-1.xf-yun.com/", r.Url.GetLeftPart(UriPartial.Path));
            Assert.Contains("authorization=", r.Url.Query, StringComparison.Ordinal);
            Assert.Contains("date=", r.Url.Query, StringComparison.Ordinal);
            Assert.Contains("host=emb-cn-huabei-1.xf-yun.com", r.Url.Query, StringComparison.Ordinal);
            Assert.Null(r.Authorization); // The password never goes to the embedding host.
            Assert.Equal("query", JsonNode.Parse(r.Body)!["parameter"]!["emb"]!["domain"]!.GetValue<string>());
            Assert.DoesNotContain(AppSecret, r.Url.AbsoluteUri, StringComparison.Ordinal);
            Assert.DoesNotContain(AppSecret, r.Body, StringComparison.Ordinal);
        });
        Assert.All(host.Logger.Entries, e => Assert.DoesNotContain(AppSecret, e.Message, StringComparison.Ordinal));
        Assert.All(host.Logger.Entries, e => Assert.DoesNotContain("authorization=", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_SequentialTexts_VectorsFollowInputOrder()
    {
        using var host = Create(o => o.EmbeddingParallelism = 1);
        host.Handler.Responses.Enqueue(() => Answer([1f, 2f], "sid-a"));
        host.Handler.Responses.Enqueue(() => Answer([3f, 4f], "sid-b"));

        var result = await host.Embeddings.GenerateAsync(["深度学习", "机器学习"]);

        Assert.Equal(["深度学习", "机器学习"], host.Handler.Requests.Select(r => InnerText(r.Body)));
        Assert.Equal([1f, 2f], result[0].Vector.ToArray());
        Assert.Equal([3f, 4f], result[1].Vector.ToArray());
        Assert.Equal("sid-a", result.GetRequestId());
        Assert.Equal("spark-embedding", result[0].ModelId);
        Assert.Null(result.Usage);
        Assert.Equal("para", JsonNode.Parse(host.Handler.Requests[0].Body)!["parameter"]!["emb"]!["domain"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(11202, "rate_limited", true)]
    [InlineData(11200, "quota_exhausted", false)]
    [InlineData(10163, "invalid_request", false)]
    public async Task GenerateAsync_HeaderCodeAt200_ThrowsTypedErrorWithSid(int code, string kind, bool transient)
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json($$$"""{"header":{"code":{{{code}}},"message":"boom","sid":"ase-err"}}"""));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Embeddings.GenerateAsync(["a"]));

        Assert.Equal("spark", ex.Provider);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.ErrorCode);
        Assert.Equal(kind, ex.Kind.ToString());
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("ase-err", ex.RequestId);
        Assert.DoesNotContain(AppSecret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_SignatureRejected_ThrowsAuthenticationWithoutTheSignedUrl()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json("""{"message":"HMAC signature does not match"}""", System.Net.HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Embeddings.GenerateAsync(["a"]));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("HMAC signature does not match", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("authorization=", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_NoVector_ThrowsInvalidResponse()
    {
        using var host = Create();
        host.Handler.Responses.Enqueue(() => Json("""{"header":{"code":0,"message":"success","sid":"s1"},"payload":{"feature":{"text":"AAAA"}}}"""));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Embeddings.GenerateAsync(["a"]));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal("s1", ex.RequestId);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensions_ThrowsBeforeAnyRequest()
    {
        using var host = Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Embeddings.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 1024 }));

        Assert.Contains("2560", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task GenerateAsync_NoSigningCredentials_ThrowsNamingTheKeysBeforeAnyRequest()
    {
        using var host = Create(o => o.AppId = o.AppKey = o.AppSecret = null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Embeddings.GenerateAsync(["a"]));

        Assert.Contains("LlmProviders:spark:AppId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SPARK_API_SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Handler.Requests);
    }

    private static HttpResponseMessage Answer(float[] vector, string sid)
    {
        var bytes = new byte[vector.Length * 4];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
        }

        return Json($$$$"""{"header":{"code":0,"message":"success","sid":"{{{{sid}}}}"},"payload":{"feature":{"encoding":"utf8","seq":"0","status":"2","text":"{{{{Convert.ToBase64String(bytes)}}}}"}}}""");
    }

    private static string InnerText(string body)
    {
        var inner = Convert.FromBase64String(JsonNode.Parse(body)!["payload"]!["messages"]!["text"]!.GetValue<string>());
        return JsonNode.Parse(inner)!["messages"]![0]!["content"]!.GetValue<string>();
    }
}
