using System.Text.Json;
using LlmClients.Testing;
using static LlmClients.IntegrationTests.OpenAI.OpenAIStack;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>Embeddings through the whole stack.</summary>
public class OpenAIEmbeddingEndToEndTests
{
    private static readonly string[] Texts = ["深度学习", "banana", "机器学习 and more", "d"];

    [Fact]
    public async Task GenerateAsync_WithDimensions_ReturnsEmulatorVectorsInOrderAsFloats()
    {
        await using var stack = await StartAsync();

        var result = await stack.Embeddings.GenerateAsync(Texts, new EmbeddingGenerationOptions { Dimensions = 64 });

        Assert.Equal(Texts.Length, result.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(64, result[i].Dimensions);
            Assert.Equal(EmulatorReplies.Embedding(Texts[i], 64), result[i].Vector.ToArray());
            Assert.Equal(EmbeddingModel, result[i].ModelId);
        }

        Assert.StartsWith("req_emu_", result.GetRequestId());
        Assert.True(result.Usage?.InputTokenCount > 0);
        var body = stack.SingleRequestBody("embeddings");
        Assert.Equal("float", body.GetProperty("encoding_format").GetString());
        Assert.Equal(64, body.GetProperty("dimensions").GetInt32());
        Assert.Equal(EmbeddingModel, body.GetProperty("model").GetString());
        Assert.Equal(Texts, body.GetProperty("input").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task GenerateAsync_NoDimensions_UsesEmulatorDefaultSize()
    {
        await using var stack = await StartAsync();

        var result = await stack.Embeddings.GenerateAsync(["just one"]);

        var embedding = Assert.Single(result);
        Assert.Equal(EmulatorReplies.Embedding("just one", EmulatorReplies.DefaultEmbeddingDimensions), embedding.Vector.ToArray());
        Assert.False(stack.SingleRequestBody("embeddings").TryGetProperty("dimensions", out _));
    }

    [Fact]
    public async Task GenerateAsync_Base64Requested_DecodesToSameVectors()
    {
        await using var stack = await StartAsync();
        var options = new EmbeddingGenerationOptions { Dimensions = 32, AdditionalProperties = new() { ["encoding_format"] = "base64" } };

        var result = await stack.Embeddings.GenerateAsync(Texts, options);

        Assert.Equal("base64", stack.SingleRequestBody("embeddings").GetProperty("encoding_format").GetString());
        Assert.Equal(Texts.Length, result.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(EmulatorReplies.Embedding(Texts[i], 32), result[i].Vector.ToArray());
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    public async Task GenerateAsync_MoreThanMaxBatchSize_SplitsIntoRequestsAndKeepsOrder(int count)
    {
        await using var stack = await StartAsync(o => o.MaxEmbeddingBatchSize = 2);
        var texts = Enumerable.Range(0, count).Select(i => $"text number {i} {new string('x', i)}").ToArray();

        var result = await stack.Embeddings.GenerateAsync(texts, new EmbeddingGenerationOptions { Dimensions = 16 });

        Assert.Equal((count + 1) / 2, stack.Emulator.RequestCount("embeddings"));
        Assert.Equal(count, result.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(EmulatorReplies.Embedding(texts[i], 16), result[i].Vector.ToArray());
        }

        var sent = stack.Emulator.Requests.Snapshot()
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("input"))
            .Select(input => input.ValueKind == JsonValueKind.String ? [input.GetString()!] : input.EnumerateArray().Select(e => e.GetString()!).ToArray())
            .ToList();
        int[] sizes = count % 2 == 0 ? [.. Enumerable.Repeat(2, count / 2)] : [1, .. Enumerable.Repeat(2, count / 2)];
        Assert.Equal(sizes, sent.Select(b => b.Length).Order());
        Assert.Equal(texts.Order(), sent.SelectMany(b => b).Order());
    }
}
