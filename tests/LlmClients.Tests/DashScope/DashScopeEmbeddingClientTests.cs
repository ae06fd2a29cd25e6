using System.Text.Json.Nodes;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.DashScope.DashScopeTestHarness;

namespace LlmClients.Tests.DashScope;

public class DashScopeEmbeddingClientTests
{
    private static HttpResponseMessage EmbeddingsFor(string requestBody, int dims = 2)
    {
        var texts = JsonNode.Parse(requestBody)!["input"]!["texts"]!.AsArray();
        var items = new JsonArray();
        for (int i = texts.Count - 1; i >= 0; i--)
        {
            var value = (float)texts[i]!.GetValue<string>().Length;
            items.Add(new JsonObject { ["embedding"] = new JsonArray([.. Enumerable.Repeat(value, dims).Select(v => (JsonNode)v)]), ["text_index"] = i });
        }

        return Json(new JsonObject { ["output"] = new JsonObject { ["embeddings"] = items }, ["usage"] = new JsonObject { ["total_tokens"] = texts.Count }, ["request_id"] = "r" }.ToJsonString());
    }

    [Fact]
    public async Task GenerateAsync_QueryInputType_SendsTextsAndTextTypeAndOrdersByTextIndex()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, EmbeddingUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return Json(Fixture("text-embedding-nosse.response.json"));
        });

        var result = await Embeddings(mock).GenerateAsync(["代码改变世界", "机器学习"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2" }.WithInputType(EmbeddingInputType.Query));

        AssertJsonEqual("""{"model":"text-embedding-v2","input":{"texts":["代码改变世界","机器学习"]},"parameters":{"text_type":"query"}}""", body!);
        Assert.Equal([0.1f, 0.2f], result[0].Vector.ToArray());
        Assert.Equal([0.3f, 0.4f], result[1].Vector.ToArray());
        Assert.Equal(7, result.Usage!.TotalTokenCount);
        Assert.Equal("1773f7b2-2148-9f74-b335-b413e398a116", result.GetRequestId());
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_V4WithDimensions_SendsSingularDimension()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, EmbeddingUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return EmbeddingsFor(body);
        });

        await Embeddings(mock).GenerateAsync(["机器学习"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v4", Dimensions = 512 });

        AssertJsonEqual("""{"model":"text-embedding-v4","input":{"texts":["机器学习"]},"parameters":{"dimension":512}}""", body!);
    }

    [Fact]
    public async Task GenerateAsync_V1WithItsFixedDimensions_DoesNotSendDimension()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, EmbeddingUrl).Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return EmbeddingsFor(body);
        });

        await Embeddings(mock).GenerateAsync(["机器学习"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v1", Dimensions = 1536 });

        AssertJsonEqual("""{"model":"text-embedding-v1","input":{"texts":["机器学习"]}}""", body!);
    }

    [Theory]
    [InlineData("text-embedding-v1", 60, new[] { 25, 25, 10 })]
    [InlineData("text-embedding-v2", 30, new[] { 25, 5 })]
    [InlineData("text-embedding-v3", 15, new[] { 10, 5 })]
    [InlineData("text-embedding-v4", 21, new[] { 10, 10, 1 })]
    public async Task GenerateAsync_OverModelCap_SplitsKeepsOrderAndSumsUsage(string model, int count, int[] expectedBatches)
    {
        using var mock = new MockHttpMessageHandler();
        var batches = new List<int>();
        mock.When(HttpMethod.Post, EmbeddingUrl).Respond(async req =>
        {
            var body = await req.Content!.ReadAsStringAsync();
            lock (batches)
            {
                batches.Add(JsonNode.Parse(body)!["input"]!["texts"]!.AsArray().Count);
            }

            return EmbeddingsFor(body);
        });
        var texts = Enumerable.Range(1, count).Select(i => new string('字', i)).ToList();

        var result = await Embeddings(mock).GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = model });

        Assert.Equal(expectedBatches.Order(), batches.Order());
        Assert.Equal(Enumerable.Range(1, count).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
        Assert.Equal(count, result.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_ConfiguredBatchSize_OverridesModelCap()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, EmbeddingUrl).Respond(async req => EmbeddingsFor(await req.Content!.ReadAsStringAsync()));
        mock.Expect(HttpMethod.Post, EmbeddingUrl).Respond(async req => EmbeddingsFor(await req.Content!.ReadAsStringAsync()));

        var result = await Embeddings(mock, o => { o.MaxEmbeddingBatchSize = 2; o.EmbeddingParallelism = 1; }).GenerateAsync(["a", "bb", "ccc"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2" });

        Assert.Equal(3, result.Count);
        mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 3)]
    public async Task GenerateAsync_SplitInput_InFlightPartsBoundedByConfiguredParallelism(bool compatible, int parallelism)
    {
        // 7 parts of 10 texts (v3). Each request waits until `parallelism` requests are in flight together, so the bound is
        // both reached and never exceeded; an ignored setting either overshoots it or never reaches it (the gate times out).
        using var mock = new MockHttpMessageHandler();
        int inFlight = 0, maxInFlight = 0, requests = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<HttpResponseMessage> Respond(HttpRequestMessage req)
        {
            var body = await req.Content!.ReadAsStringAsync();
            var now = Interlocked.Increment(ref inFlight);
            Interlocked.Increment(ref requests);
            InterlockedMax(ref maxInFlight, now);
            if (now >= parallelism)
            {
                gate.TrySetResult();
            }

            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Interlocked.Decrement(ref inFlight);
            if (!compatible)
            {
                return EmbeddingsFor(body);
            }

            var count = JsonNode.Parse(body)!["input"]!.AsArray().Count;
            var data = string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"object":"embedding","index":{{i}},"embedding":[1,2]}"""));
            return Json("{\"object\":\"list\",\"data\":[" + data + "],\"usage\":{\"prompt_tokens\":" + count + ",\"total_tokens\":" + count + "}}");
        }

        mock.When(HttpMethod.Post, compatible ? Compatible + "embeddings" : EmbeddingUrl).Respond(Respond);
        var settings = Settings(o => { o.EmbeddingParallelism = parallelism; o.Mode = compatible ? LlmClients.DashScope.DashScopeMode.Compatible : LlmClients.DashScope.DashScopeMode.Native; });
        IEmbeddingClient client = compatible ? new LlmClients.DashScope.DashScopeCompatibleEmbeddingClient(Transport(mock), settings) : new LlmClients.DashScope.DashScopeEmbeddingClient(Transport(mock), settings);

        var result = await client.GenerateAsync(Enumerable.Range(0, 70).Select(i => $"t{i}"), new EmbeddingGenerationOptions { ModelId = "text-embedding-v3" });

        Assert.Equal(70, result.Count);
        Assert.Equal(7, requests);
        Assert.Equal(parallelism, maxInFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Theory]
    [InlineData("text-embedding-v3", 1536, "must be one of 1024, 768, 512, 256, 128, 64")]
    [InlineData("text-embedding-v4", 100, "must be one of 2048, 1536, 1024")]
    [InlineData("text-embedding-v2", 512, "always returns 1536 dimensions")]
    [InlineData("text-embedding-v1", 1024, "always returns 1536 dimensions")]
    public async Task GenerateAsync_UnsupportedDimension_ThrowsBeforeNetworkNamingAllowedValues(string model, int dimensions, string expected)
    {
        using var mock = new MockHttpMessageHandler();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Embeddings(mock).GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = model, Dimensions = dimensions }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    [Fact]
    public async Task GenerateAsync_TextOverPerTextLimit_ThrowsBeforeNetworkNamingLimit()
    {
        using var mock = new MockHttpMessageHandler();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Embeddings(mock).GenerateAsync(["ok", new string('字', 5000)], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2" }));

        Assert.Contains("values[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2048-token limit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("text-embedding-v3/v4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_LongEnglishTextUnderEstimate_IsSent()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, EmbeddingUrl).Respond(async req => EmbeddingsFor(await req.Content!.ReadAsStringAsync()));

        // 8000 ASCII characters are about 2000 tokens: the estimate lets them through and the service judges.
        var result = await Embeddings(mock).GenerateAsync([new string('a', 8000)], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2" });

        Assert.Single(result);
    }
}
