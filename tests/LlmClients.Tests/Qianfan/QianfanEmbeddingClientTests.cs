using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.Qianfan;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanEmbeddingClientTests
{
    private readonly MockHttpMessageHandler _mock = new(BackendDefinitionBehavior.Always);

    [Fact]
    public void BuildBody_InputIsAListWithoutModel()
        => AssertJsonEqual("""{"input":["only one"]}""", System.Text.Encoding.UTF8.GetString(QianfanEmbeddingClient.BuildBody(["only one"], null)));

    [Fact]
    public void FromWire_Fixture_OrdersByIndexAndMapsUsage()
    {
        var wire = JsonSerializer.Deserialize(Fixture("embeddings.json"), QianfanJsonContext.Default.QianfanEmbeddingResponse)!;

        var result = QianfanEmbeddingClient.FromWire(wire, "Embedding-V1", null);

        Assert.Equal([0.125f, -1f], result[0].Vector.ToArray());
        Assert.Equal([0.5f, 0.25f], result[1].Vector.ToArray());
        Assert.Equal(12, result.Usage!.InputTokenCount);
        Assert.Equal("as-gjs275mj6s", result.GetRequestId());
    }

    [Fact]
    public async Task GenerateAsync_40Texts_SplitsInto16s_OrderKept()
    {
        _mock.ExpectTokenExchange();
        var batchSizes = new System.Collections.Concurrent.ConcurrentBag<int>();
        var embeddings = _mock.When(HttpMethod.Post, EmbeddingsBase + "embedding-v1").WithQueryString("access_token", FixtureToken).Respond(request =>
        {
            var input = JsonNode.Parse(request.Content!.ReadAsStringAsync().Result)!["input"]!.AsArray();
            batchSizes.Add(input.Count);
            var data = new JsonArray([.. input.Select((text, i) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = new JsonArray(float.Parse(text!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)),
            })]);
            var body = new JsonObject { ["id"] = "as-1", ["object"] = "embedding_list", ["data"] = data, ["usage"] = new JsonObject { ["prompt_tokens"] = input.Count, ["total_tokens"] = input.Count } };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        });
        using var services = Build(_mock, o => o.EmbeddingParallelism = 2);
        var texts = Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var result = await services.Embeddings().GenerateAsync(texts);

        Assert.Equal(3, _mock.GetMatchCount(embeddings));
        Assert.Equal([8, 16, 16], batchSizes.Order());
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
        Assert.Equal(40, result.Usage!.InputTokenCount);
    }

    [Theory]
    [InlineData("bge-large-zh", "bge_large_zh")]
    [InlineData("bge-large-en", "bge_large_en")]
    [InlineData("tao-8k", "tao_8k")]
    [InlineData("Embedding-V1", "embedding-v1")]
    public async Task GenerateAsync_Model_UsesUnderscoreOrHyphenEndpoint(string model, string endpoint)
    {
        _mock.ExpectTokenExchange();
        _mock.Expect(HttpMethod.Post, EmbeddingsBase + endpoint).With(request => QianfanChatClientTests.JsonBodyEquals(request, """{"input":["a"]}""")).Respond("application/json", Fixture("embeddings.json").Replace("},{\"object\":\"embedding\",\"embedding\":[0.125,-1.0],\"index\":0}", "}", StringComparison.Ordinal).Replace("\"index\":1", "\"index\":0", StringComparison.Ordinal));
        using var services = Build(_mock);

        var result = await services.Embeddings().GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = model });

        Assert.Single(result);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_Tao8kWithTwoTexts_ThrowsBeforeAnyRequest()
    {
        using var services = Build(_mock);
        var fallback = _mock.When("*").Respond(HttpStatusCode.OK);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => services.Embeddings().GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { ModelId = "tao-8k" }));

        Assert.Contains("one text per request", ex.Message);
        Assert.Equal(0, _mock.GetMatchCount(fallback));
    }

    [Theory]
    [InlineData("tao_8k")]
    [InlineData("TAO-8K")]
    public async Task GenerateAsync_Tao8kSpellingsWithTwoTexts_ThrowBeforeAnyRequestNamingTheFix(string model)
    {
        using var services = Build(_mock);
        var fallback = _mock.When("*").Respond(HttpStatusCode.OK);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => services.Embeddings().GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { ModelId = model }));

        Assert.Contains("call GenerateAsync once per text", ex.Message);
        Assert.Equal(0, _mock.GetMatchCount(fallback));
    }

    [Fact]
    public async Task GenerateAsync_UnknownModel_ThrowsNamingCustomEndpointSetting()
    {
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => services.Embeddings().GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small" }));

        Assert.Contains("CustomEmbeddingEndpoints", ex.Message);
    }

    [Fact]
    public async Task GenerateAsync_WrongDimensions_Throws()
    {
        using var services = Build(_mock);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => services.Embeddings().GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 1024 }));

        Assert.Contains("384", ex.Message);
    }
}
