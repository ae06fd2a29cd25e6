using System.Globalization;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace LlmClients.Benchmarks;

/// <summary>One measured operation: a scenario, the client, the call, and the result a correct parse returns.</summary>
/// <param name="Scenario">The row of the table (A, B openai, B1 zhipu, C, C64, C10 dashscope...).</param>
/// <param name="Client">floor, sdk or ours.</param>
/// <param name="Run">One operation; returns a number the parse must get right.</param>
/// <param name="Expected">What <paramref name="Run"/> returns when it parsed the right thing.</param>
/// <param name="Units">Chunks or vectors per operation (for per-chunk figures), 1 otherwise.</param>
public sealed record BenchCase(string Scenario, string Client, Func<Task<long>> Run, long Expected, int Units = 1)
{
    /// <summary>The name shown in BenchmarkDotNet's Params column.</summary>
    public override string ToString() => Scenario + " / " + Client;

    /// <summary>Runs once and throws unless the result is the expected one: a benchmark that parsed the wrong thing measures nothing.</summary>
    public async Task VerifyAsync()
    {
        var actual = await Run();
        if (actual != Expected)
        {
            throw new InvalidOperationException($"{this}: expected {Expected}, got {actual}");
        }
    }
}

/// <summary>The scenarios of the table, for every client that speaks them.</summary>
public static class Cases
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "Say hello")];
    private static readonly SdkChatMessage[] SdkMessages = [new UserChatMessage("Say hello")];
    private static readonly Dictionary<int, string[]> TextsCache = [];

    /// <summary>The formats with a chat stream.</summary>
    public static readonly WireFormat[] StreamFormats = [WireFormat.OpenAI, WireFormat.DashScope, WireFormat.Zhipu, WireFormat.Qianfan];

    /// <summary>The embedding texts (ASCII; the same for every client).</summary>
    public static string[] Texts(int count)
    {
        lock (TextsCache)
        {
            if (!TextsCache.TryGetValue(count, out var texts))
            {
                texts = [.. Enumerable.Range(0, count).Select(i => "The quick brown fox jumps over the lazy dog, sentence number " + i.ToString(CultureInfo.InvariantCulture) + ".")];
                TextsCache[count] = texts;
            }

            return texts;
        }
    }

    /// <summary>Every case, in table order.</summary>
    public static List<BenchCase> All(Clients c)
    {
        long streamChars = CannedResponses.StreamText.Length;
        long chat = CannedResponses.ChatText.Length;
        long c64 = CannedResponses.EmbeddingBatch * CannedResponses.Dimensions;
        long c10 = CannedResponses.VendorEmbeddingBatch * CannedResponses.Dimensions;
        var cases = new List<BenchCase>
        {
            new("A chat", "floor", () => Floor.ChatAsync(c.Raw), chat),
            new("A chat", "sdk", async () => (await c.SdkChat("chat").CompleteChatAsync(SdkMessages)).Value.Content[0].Text.Length, chat),
            new("A chat", "ours", async () => (await c.Chat(WireFormat.OpenAI).GetResponseAsync(Messages, new ChatOptions { ModelId = "chat" })).Text.Length, chat),
        };

        foreach (var (row, model) in new[] { ("B", "stream"), ("B1", "stream-flush") })
        {
            foreach (var format in StreamFormats)
            {
                var name = $"{row} {format.ToString().ToLowerInvariant()}";
                cases.Add(new(name, "floor", () => Floor.StreamAsync(c.Raw, format, model), streamChars, CannedResponses.StreamChunks));
                if (format == WireFormat.OpenAI)
                {
                    cases.Add(new(name, "sdk", () => SdkStreamAsync(c, model), streamChars, CannedResponses.StreamChunks));
                }

                cases.Add(new(name, "ours", () => OursStreamAsync(c, format, model), streamChars, CannedResponses.StreamChunks));
            }
        }

        var base64 = new EmbeddingGenerationOptions { ModelId = "emb64", AdditionalProperties = new() { ["encoding_format"] = "base64" } };
        var floats = new EmbeddingGenerationOptions { ModelId = "emb" };
        foreach (var (row, model, options) in new[] { ("C", "emb", floats), ("C64", "emb64", base64) })
        {
            cases.Add(new(row, "floor", () => Floor.EmbedAsync(c.Raw, WireFormat.OpenAI, model, CannedResponses.EmbeddingBatch), c64, CannedResponses.EmbeddingBatch));
            cases.Add(new(row, "sdk", async () => Check((await c.SdkEmbeddings(model).GenerateEmbeddingsAsync(Texts(CannedResponses.EmbeddingBatch))).Value.Select(e => e.ToFloats().ToArray()).ToList()), c64, CannedResponses.EmbeddingBatch));
            cases.Add(new(row, "ours", async () => Check(await c.Embeddings(WireFormat.OpenAI).GenerateAsync(Texts(CannedResponses.EmbeddingBatch), options)), c64, CannedResponses.EmbeddingBatch));
        }

        foreach (var format in new[] { WireFormat.DashScope, WireFormat.Qianfan, WireFormat.Tei })
        {
            var name = $"C10 {format.ToString().ToLowerInvariant()}";
            cases.Add(new(name, "floor", () => Floor.EmbedAsync(c.Raw, format, "emb", CannedResponses.VendorEmbeddingBatch), c10, CannedResponses.VendorEmbeddingBatch));
            cases.Add(new(name, "ours", async () => Check(await c.Embeddings(format).GenerateAsync(Texts(CannedResponses.VendorEmbeddingBatch), floats)), c10, CannedResponses.VendorEmbeddingBatch));
        }

        return cases;
    }

    /// <summary>The number of floats, or -1 when any vector differs from the canned one where it was sampled.</summary>
    public static long Check(IReadOnlyList<float[]> vectors)
    {
        long total = 0;
        for (int i = 0; i < vectors.Count; i++)
        {
            var v = vectors[i];
            if (v.Length != CannedResponses.Dimensions || v[i] != CannedResponses.Vectors[i][i] || v[^1] != CannedResponses.Vectors[i][^1])
            {
                return -1;
            }

            total += v.Length;
        }

        return total;
    }

    /// <inheritdoc cref="Check(IReadOnlyList{float[]})"/>
    public static long Check(GeneratedEmbeddings<Embedding<float>> embeddings)
    {
        var vectors = new List<float[]>(embeddings.Count);
        foreach (var e in embeddings)
        {
            if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(e.Vector, out var segment) || segment.Offset != 0 || segment.Count != segment.Array!.Length)
            {
                // Not a whole float[]: compare what we got anyway.
                vectors.Add(e.Vector.ToArray());
            }
            else
            {
                vectors.Add(segment.Array);
            }
        }

        return Check(vectors);
    }

    private static async Task<long> OursStreamAsync(Clients c, WireFormat format, string model)
    {
        long chars = 0;
        await foreach (var update in c.Chat(format).GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = model }))
        {
            foreach (var content in update.Contents)
            {
                if (content is TextContent text)
                {
                    chars += text.Text.Length;
                }
            }
        }

        return chars;
    }

    private static async Task<long> SdkStreamAsync(Clients c, string model)
    {
        long chars = 0;
        await foreach (var update in c.SdkChat(model).CompleteChatStreamingAsync(SdkMessages))
        {
            foreach (var part in update.ContentUpdate)
            {
                chars += part.Text.Length;
            }
        }

        return chars;
    }
}
