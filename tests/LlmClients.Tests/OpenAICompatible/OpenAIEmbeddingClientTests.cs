using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.OpenAICompatible;

public sealed class OpenAIEmbeddingClientTests
{
    private readonly MockHttpMessageHandler _mock = new();

    [Fact]
    public async Task GenerateAsync_SingleText_SendsStringInputAndFloatEncoding()
    {
        string? sent = null;
        _mock.Expect(HttpMethod.Post, OpenAITestClients.BaseUrl + "embeddings")
            .With(r => (sent = r.Content!.ReadAsStringAsync().Result) is not null)
            .Respond("application/json", """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,-0.25]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}""");
        var client = OpenAITestClients.Embeddings(_mock);

        var result = await client.GenerateAsync(["Hello, world!"], new EmbeddingGenerationOptions { Dimensions = 2 });

        JsonAssert.Equal("""{"input":"Hello, world!","model":"text-embedding-3-small","dimensions":2,"encoding_format":"float"}""", sent!);
        Assert.Equal([0.5f, -0.25f], result[0].Vector.ToArray());
        Assert.Equal("text-embedding-3-small", result[0].ModelId);
        Assert.Equal(4, result.Usage!.InputTokenCount);
        _mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_Base64Requested_DecodedLittleEndianFloats()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4), -2f);
        string? sent = null;
        _mock.Expect(HttpMethod.Post, "*").With(r => (sent = r.Content!.ReadAsStringAsync().Result) is not null)
            .Respond("application/json", $$"""{"data":[{"index":0,"embedding":"{{Convert.ToBase64String(bytes)}}"}],"model":"m"}""");
        var client = OpenAITestClients.Embeddings(_mock);

        var result = await client.GenerateAsync(["x"], new EmbeddingGenerationOptions { AdditionalProperties = new() { ["encoding_format"] = "base64" } });

        Assert.Equal("base64", JsonNode.Parse(sent!)!["encoding_format"]!.GetValue<string>());
        Assert.Equal([1.5f, -2f], result[0].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_OverBatchCap_SplitsSendsInParallelAndKeepsOrder()
    {
        var bodies = new List<string>();
        _mock.When(HttpMethod.Post, "*").Respond(async request =>
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
            lock (bodies)
            {
                bodies.Add(body.ToJsonString());
            }

            // Answer out of order, as a server may: vectors are the text's length.
            var inputs = body["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
            var data = new JsonArray([.. inputs.Select((t, i) => (JsonNode)new JsonObject { ["index"] = i, ["embedding"] = new JsonArray(t.Length) }).Reverse()]);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(new JsonObject { ["data"] = data, ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Count, ["total_tokens"] = inputs.Count } }.ToJsonString()) };
        });
        var client = OpenAITestClients.Embeddings(_mock);
        string[] texts = ["a", "bb", "ccc", "dddd", "eeeee"];

        var result = await client.GenerateAsync(texts);

        Assert.Equal(3, bodies.Count); // cap of 2 in the test settings
        Assert.Equal([1f, 2f, 3f, 4f, 5f], result.Select(e => e.Vector.Span[0]));
        Assert.Equal(5, result.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_NullTextInBatch_ThrowsNamingIndexBeforeAnyCall()
    {
        var client = OpenAITestClients.Embeddings(_mock);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GenerateAsync(["ok", null!, "ok"]));

        Assert.Contains("values[1]", ex.Message, StringComparison.Ordinal);
        Assert.Equal("values", ex.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GenerateAsync([]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 0 }));
        Assert.Equal(0, _mock.GetMatchCount(_mock.When("*")));
    }

    [Fact]
    public async Task GenerateAsync_WrongCountReturned_InvalidResponse()
    {
        _mock.When(HttpMethod.Post, "*").Respond("application/json", """{"data":[{"index":0,"embedding":[1]}]}""");
        var client = OpenAITestClients.Embeddings(_mock);

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => client.GenerateAsync(["a", "b"]));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
    }
}
