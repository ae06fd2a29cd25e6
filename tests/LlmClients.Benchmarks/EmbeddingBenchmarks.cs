using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace LlmClients.Benchmarks;

/// <summary>
/// Embeddings: a batch of 16 texts, 1536-dim vectors, each client getting the encoding it asks for
/// (the raw floor and LlmClients ask "float"; the OpenAI SDK asks "base64" by default).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class EmbeddingBenchmarks
{
    private static readonly byte[] RawBody = Encoding.UTF8.GetBytes(
        $$"""{"input":{{JsonSerializer.Serialize(CannedResponses.EmbeddingTexts, EmbeddingJsonContext.Default.StringArray)}},"model":"text-embedding-3-small","encoding_format":"float"}""");

    private static readonly EmbeddingGenerationOptions Base64 = new() { AdditionalProperties = new() { ["encoding_format"] = "base64" } };

    private BenchmarkClients _clients = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clients = new BenchmarkClients();
        const int Expected = CannedResponses.EmbeddingBatchSize * CannedResponses.EmbeddingDimensions;
        BenchmarkClients.Check(RawHttpClient().GetAwaiter().GetResult(), Expected, "raw");
        BenchmarkClients.Check(_clients.Handler.LastEmbeddingFormat, "float", "raw encoding_format");
        BenchmarkClients.Check(LlmClientsAdapter().GetAwaiter().GetResult(), Expected, "LlmClients");
        BenchmarkClients.Check(_clients.Handler.LastEmbeddingFormat, "float", "LlmClients encoding_format");
        BenchmarkClients.Check(LlmClientsAdapterBase64().GetAwaiter().GetResult(), Expected, "LlmClients base64");
        BenchmarkClients.Check(_clients.Handler.LastEmbeddingFormat, "base64", "LlmClients base64 encoding_format");
        BenchmarkClients.Check(OpenAISdk().GetAwaiter().GetResult(), Expected, "OpenAI SDK");
        BenchmarkClients.Check(_clients.Handler.LastEmbeddingFormat, "base64", "OpenAI SDK encoding_format");
    }

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    /// <summary>The floor: JsonDocument, each vector copied into a float[] (what every caller ends up with).</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "embeddings") { Content = new ByteArrayContent(RawBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchmarkClients.ApiKey);
        using var response = await _clients.Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        var vectors = new List<float[]>(CannedResponses.EmbeddingBatchSize);
        int total = 0;
        foreach (var item in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var embedding = item.GetProperty("embedding");
            var vector = new float[embedding.GetArrayLength()];
            int n = 0;
            foreach (var value in embedding.EnumerateArray())
            {
                vector[n++] = value.GetSingle();
            }

            vectors.Add(vector);
            total += vector.Length;
        }

        return total;
    }

    [Benchmark]
    public async Task<int> LlmClientsAdapter()
    {
        var embeddings = await _clients.Embeddings.GenerateAsync(CannedResponses.EmbeddingTexts);
        int total = 0;
        foreach (var embedding in embeddings)
        {
            total += embedding.Vector.Length;
        }

        return total;
    }

    /// <summary>Our adapter on the same wire format as the OpenAI SDK (base64), for a like-for-like comparison.</summary>
    [Benchmark]
    public async Task<int> LlmClientsAdapterBase64()
    {
        var embeddings = await _clients.Embeddings.GenerateAsync(CannedResponses.EmbeddingTexts, Base64);
        int total = 0;
        foreach (var embedding in embeddings)
        {
            total += embedding.Vector.Length;
        }

        return total;
    }

    [Benchmark]
    public async Task<int> OpenAISdk()
    {
        var embeddings = (await _clients.SdkEmbeddings.GenerateEmbeddingsAsync(CannedResponses.EmbeddingTexts)).Value;
        int total = 0;
        foreach (var embedding in embeddings)
        {
            total += embedding.ToFloats().Length;
        }

        return total;
    }
}
