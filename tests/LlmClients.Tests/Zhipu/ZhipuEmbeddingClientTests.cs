using System.Net;
using System.Text.Json.Nodes;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Zhipu.ZhipuTestHost;

namespace LlmClients.Tests.Zhipu;

public sealed class ZhipuEmbeddingClientTests
{
    [Fact]
    public async Task GenerateAsync_Embedding2_SendsNoEncodingFormatAndKeepsOrder()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "embeddings", () => Json(HttpStatusCode.OK, Fixture("embeddings.json")));

        var result = await host.Embeddings.GenerateAsync(["深度学习", "机器学习"]);

        AssertJsonEqual("""{"input":["深度学习","机器学习"],"model":"embedding-2"}""", captured.Body!);
        Assert.Equal([0.1f, 0.2f, 0.3f], result[0].Vector.ToArray());
        Assert.Equal([0.4f, 0.5f, 0.6f], result[1].Vector.ToArray());
        Assert.Equal(6, result.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_Embedding3WithDimensions_SendsDimensions()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "embeddings", () => Json(HttpStatusCode.OK, Fixture("embeddings.json")));

        await host.Embeddings.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { ModelId = "embedding-3", Dimensions = 512 });

        AssertJsonEqual("""{"input":["a","b"],"model":"embedding-3","dimensions":512}""", captured.Body!);
    }

    [Theory]
    [InlineData("embedding-3", 300, "256, 512, 1024, 2048")]
    [InlineData("embedding-2", 512, "always returns 1024")]
    public async Task GenerateAsync_DimensionsNotOfferedByModel_ThrowsBeforeNetwork(string model, int dimensions, string hint)
    {
        using var host = Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Embeddings.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = model, Dimensions = dimensions }));

        Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
        Assert.Equal("options", ex.ParamName);
        host.Mock.VerifyNoOutstandingRequest();
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Theory]
    [InlineData("embedding-3", 150, new[] { 64, 64, 22 })]
    [InlineData("embedding-2", 40, new[] { 16, 16, 8 })]
    public async Task GenerateAsync_OverPerRequestCap_SplitsAndKeepsOrder(string model, int count, int[] expectedSizes)
    {
        using var host = Create();
        var sizes = new List<int>();
        host.Mock.When(HttpMethod.Post, Base + "embeddings").Respond(request =>
        {
            var inputs = JsonNode.Parse(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult())!["input"]!.AsArray();
            lock (sizes)
            {
                sizes.Add(inputs.Count);
            }

            var data = new JsonArray([.. inputs.Select((input, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["embedding"] = new JsonArray(float.Parse(input!.GetValue<string>()[1..], System.Globalization.CultureInfo.InvariantCulture)),
            })]);
            return Json(HttpStatusCode.OK, new JsonObject { ["model"] = model, ["data"] = data }.ToJsonString());
        });

        var result = await host.Embeddings.GenerateAsync([.. Enumerable.Range(0, count).Select(i => "t" + i)], new EmbeddingGenerationOptions { ModelId = model });

        Assert.Equal(Enumerable.Range(0, count).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
        Assert.Equal(expectedSizes.Order(), sizes.Order());
    }

    [Theory]
    [InlineData("embedding-2", 256)]
    [InlineData("embedding-2", 2048)]
    [InlineData("Embedding-2", 1536)]
    [InlineData("embedding-3", 1)]
    [InlineData("embedding-3", 3072)]
    [InlineData("embedding-3", 1536)]
    [InlineData("EMBEDDING-3", 4096)]
    public void GenerateAsync_DimensionsNotAllowed_ThrowsOnTheCallWithoutAnyRequest(string model, int dimensions)
    {
        using var host = Create();

        var ex = Assert.Throws<ArgumentException>(() => { _ = host.Embeddings.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = model, Dimensions = dimensions }); });

        Assert.Contains($"Dimensions is {dimensions}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("embedding-3", ex.Message, StringComparison.Ordinal); // Names the model that offers other sizes.
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(2048)]
    public async Task GenerateAsync_Embedding3AllowedDimensions_Sent(int dimensions)
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "embeddings", () => Json(HttpStatusCode.OK, Fixture("embeddings.json")));

        await host.Embeddings.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { ModelId = "embedding-3", Dimensions = dimensions });

        AssertJsonEqual($$"""{"input":["a","b"],"model":"embedding-3","dimensions":{{dimensions}}}""", captured.Body!);
    }

    [Fact]
    public async Task GenerateAsync_Embedding2WithItsOwn1024_AcceptedAndNotSent()
    {
        using var host = Create();
        var captured = host.Expect(HttpMethod.Post, "embeddings", () => Json(HttpStatusCode.OK, Fixture("embeddings.json")));

        await host.Embeddings.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { ModelId = "embedding-2", Dimensions = 1024 });

        AssertJsonEqual("""{"input":["a","b"],"model":"embedding-2"}""", captured.Body!);
    }

    [Fact]
    public async Task GenerateAsync_SplitBatch_AtMostEmbeddingParallelismInFlightAndOrderKept()
    {
        using var host = Create(); // EmbeddingParallelism defaults to 3; embedding-2 sends 16 texts per request.
        var inFlight = 0;
        var maxInFlight = 0;
        var threeInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Mock.When(HttpMethod.Post, Base + "embeddings").Respond(async request =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now == 3)
            {
                threeInFlight.TrySetResult();
            }

            await threeInFlight.Task; // The first requests wait until three run together, so the bound is really reached.
            var inputs = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!["input"]!.AsArray();
            var data = new JsonArray([.. inputs.Select((input, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["embedding"] = new JsonArray(float.Parse(input!.GetValue<string>()[1..], System.Globalization.CultureInfo.InvariantCulture)),
            })]);
            Interlocked.Decrement(ref inFlight);
            return Json(HttpStatusCode.OK, new JsonObject { ["model"] = "embedding-2", ["data"] = data }.ToJsonString());
        });

        var result = await host.Embeddings.GenerateAsync([.. Enumerable.Range(0, 150).Select(i => "t" + i)]).WaitAsync(TimeDriver.HangGuard);

        Assert.Equal(3, maxInFlight);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
