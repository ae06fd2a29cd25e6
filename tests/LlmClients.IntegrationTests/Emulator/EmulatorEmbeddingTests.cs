using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmClients.Testing;
using static LlmClients.IntegrationTests.Emulator.EmulatorHarness;

namespace LlmClients.IntegrationTests.Emulator;

public class EmulatorEmbeddingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Embeddings_FloatAndBase64_DecodeToSameVector(bool inProcess)
    {
        await using var emulator = await StartAsync(inProcess);
        using var client = emulator.CreateClient();

        var asFloat = await EmbedAsync(client, """{"model":"text-embedding-3-small","input":"深度学习","encoding_format":"float"}""");
        var asBase64 = await EmbedAsync(client, """{"model":"text-embedding-3-small","input":"深度学习","encoding_format":"base64"}""");

        Assert.Equal(EmulatorReplies.DefaultEmbeddingDimensions, asFloat[0].Length);
        Assert.Equal(asFloat[0], asBase64[0]);
        Assert.Equal(EmulatorReplies.Embedding("深度学习", 1536), asFloat[0]);
        Assert.Equal(1.0, Math.Sqrt(asFloat[0].Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task Embeddings_ArrayInputWithDimensions_ReturnsOneVectorPerInput()
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        var vectors = await EmbedAsync(client, """{"model":"m","input":["a","bb","ccc"],"dimensions":64}""");

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(64, v.Length));
        Assert.Equal(EmulatorReplies.Embedding("bb", 64), vectors[1]);
    }

    [Fact]
    public void Embedding_SameText_IsDeterministicAndSimilarTextsAreCloser()
    {
        Assert.Equal(EmulatorReplies.Embedding("深度学习", 256), EmulatorReplies.Embedding("深度学习", 256));
        var related = Cosine(EmulatorReplies.Embedding("深度学习", 1536), EmulatorReplies.Embedding("深度强化学习", 1536));
        var unrelated = Cosine(EmulatorReplies.Embedding("机器学习", 1536), EmulatorReplies.Embedding("banana", 1536));
        Assert.True(related > unrelated + 0.3, $"related {related}, unrelated {unrelated}");
    }

    [Theory]
    [InlineData("""{"model":"m","input":""}""", "input")]
    [InlineData("""{"model":"m","input":["ok",""]}""", "input")]
    [InlineData("""{"model":"m","input":"x","dimensions":0}""", null)]
    [InlineData("""{"model":"m","input":"x","dimensions":-42}""", null)]
    [InlineData("""{"input":"x"}""", "model")]
    public async Task Embeddings_InvalidRequest_Returns400Error(string body, string? param)
    {
        await using var emulator = await StartAsync(inProcess: true);
        using var client = emulator.CreateClient();

        using var response = await SendAsync(client, Post("v1/embeddings", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    private static async Task<List<float[]>> EmbedAsync(HttpClient client, string body)
    {
        using var response = await SendAsync(client, Post("v1/embeddings", body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(item =>
        {
            var embedding = item.GetProperty("embedding");
            return embedding.ValueKind == JsonValueKind.String
                ? MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding.GetString()!)).ToArray()
                : embedding.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        })];
    }
}
