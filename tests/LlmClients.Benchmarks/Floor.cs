using System.Buffers;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LlmClients.Benchmarks;

/// <summary>
/// The raw floor: one HttpClient, hand-written request bytes, the in-box <see cref="SseParser"/>, and a
/// <see cref="Utf8JsonReader"/> pulling only the needed fields (the text, the vectors). No copies a careful hand-written
/// client would avoid; it still builds what a caller needs (a string per chunk, a <c>float[]</c> per vector).
/// </summary>
public static class Floor
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private static readonly AuthenticationHeaderValue Bearer = new("Bearer", Clients.ApiKey);

    /// <summary>A chat call: returns the answer's length.</summary>
    public static async Task<long> ChatAsync(HttpClient http)
    {
        using var request = Request("openai/v1/chat/completions", """{"model":"chat","messages":[{"role":"user","content":"Say hello"}]}"""u8.ToArray(), stream: false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var (buffer, length) = await ReadAllAsync(response);
        try
        {
            return FindString(buffer.AsSpan(0, length), "content"u8)?.Length ?? -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A stream in <paramref name="format"/>: returns the total text length.</summary>
    public static async Task<long> StreamAsync(HttpClient http, WireFormat format, string model)
    {
        using var request = StreamRequest(format, model);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var field = TextField(format);
        long chars = 0;
        await foreach (var item in SseParser.Create(stream, (_, data) => data.SequenceEqual("[DONE]"u8) ? null : FindString(data, field)).EnumerateAsync())
        {
            chars += item.Data?.Length ?? 0;
        }

        return chars;
    }

    /// <summary>Opens a stream and reads its first event; the caller disposes the result to close it.</summary>
    public static async Task<IAsyncDisposable> OpenStreamAsync(HttpClient http, WireFormat format)
    {
        var request = StreamRequest(format, "stream-hold");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var field = TextField(format);
        var e = SseParser.Create(stream, (_, data) => FindString(data, field)).EnumerateAsync().GetAsyncEnumerator();
        do
        {
            if (!await e.MoveNextAsync())
            {
                throw new InvalidOperationException("floor: the first word never came");
            }
        }
        while (e.Current.Data != CannedResponses.Word(0));

        return new Open(e, response, request);
    }

    /// <summary>An embeddings call in <paramref name="format"/>: returns the floats decoded (checked against the canned vectors).</summary>
    public static async Task<long> EmbedAsync(HttpClient http, WireFormat format, string model, int count)
    {
        var texts = Texts(count);
        var body = format switch
        {
            WireFormat.OpenAI => $$"""{"input":{{texts}},"model":"{{model}}","encoding_format":"{{(model == "emb64" ? "base64" : "float")}}"}""",
            WireFormat.DashScope => $$$"""{"model":"{{{model}}}","input":{"texts":{{{texts}}}},"parameters":{"text_type":"document"}}""",
            WireFormat.Qianfan => $$"""{"input":{{texts}}}""",
            WireFormat.Tei => $$"""{"inputs":{{texts}},"truncate":false}""",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var path = format switch
        {
            WireFormat.OpenAI => "openai/v1/embeddings",
            WireFormat.DashScope => "dashscope/api/v1/services/embeddings/text-embedding/text-embedding",
            WireFormat.Qianfan => "qianfan/wenxinworkshop/embeddings/emb?access_token=24.bench-token",
            _ => "tei/embed",
        };
        using var request = Request(path, Encoding.UTF8.GetBytes(body), stream: false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var (buffer, length) = await ReadAllAsync(response);
        try
        {
            var vectors = format == WireFormat.Tei ? ReadTei(buffer.AsSpan(0, length)) : ReadVectors(buffer.AsSpan(0, length));
            return Cases.Check(vectors);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The JSON array of <paramref name="count"/> texts every client embeds.</summary>
    public static string Texts(int count) => "[" + string.Join(',', Cases.Texts(count).Select(t => "\"" + t + "\"")) + "]";

    private static HttpRequestMessage StreamRequest(WireFormat format, string model)
    {
        var (path, body) = format switch
        {
            WireFormat.OpenAI => ("openai/v1/chat/completions", $$$"""{"model":"{{{model}}}","messages":[{"role":"user","content":"Say hello"}],"stream":true,"stream_options":{"include_usage":true}}"""),
            WireFormat.Zhipu => ("zhipu/api/paas/v4/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Say hello"}],"stream":true}"""),
            WireFormat.DashScope => ("dashscope/api/v1/services/aigc/text-generation/generation", $$$"""{"model":"{{{model}}}","input":{"messages":[{"role":"user","content":"Say hello"}]},"parameters":{"result_format":"message","incremental_output":true}}"""),
            WireFormat.Qianfan => ("qianfan/wenxinworkshop/chat/" + model + "?access_token=24.bench-token", """{"messages":[{"role":"user","content":"Say hello"}],"stream":true}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var request = Request(path, Encoding.UTF8.GetBytes(body), stream: true);
        if (format == WireFormat.DashScope)
        {
            request.Headers.TryAddWithoutValidation("X-DashScope-SSE", "enable");
        }

        return request;
    }

    private static readonly byte[] Content = "content"u8.ToArray();
    private static readonly byte[] Result = "result"u8.ToArray();

    private static byte[] TextField(WireFormat format) => format == WireFormat.Qianfan ? Result : Content;

    private static HttpRequestMessage Request(string path, byte[] body, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = Bearer;
        if (stream)
        {
            request.Headers.Accept.Add(EventStream);
        }

        return request;
    }

    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(HttpResponseMessage response)
    {
        var length = (int)(response.Content.Headers.ContentLength ?? 1 << 16);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        await using var stream = await response.Content.ReadAsStreamAsync();
        int filled = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer.AsMemory(filled))) > 0)
        {
            filled += n;
            if (filled == buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, filled).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
        }

        return (buffer, filled);
    }

    /// <summary>The first string value of a property named <paramref name="name"/>, anywhere in the document.</summary>
    private static string? FindString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }
            }
        }

        return null;
    }

    /// <summary>Every <c>"embedding"</c> value: a float array or base64 little-endian float32.</summary>
    private static List<float[]> ReadVectors(ReadOnlySpan<byte> json)
    {
        var vectors = new List<float[]>(CannedResponses.EmbeddingBatch);
        var reader = new Utf8JsonReader(json);
        var scratch = ArrayPool<float>.Shared.Rent(8192);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("embedding"u8))
            {
                reader.Read();
                vectors.Add(reader.TokenType == JsonTokenType.String ? DecodeBase64(ref reader) : ReadArray(ref reader, scratch));
            }
        }

        ArrayPool<float>.Shared.Return(scratch);
        return vectors;
    }

    private static List<float[]> ReadTei(ReadOnlySpan<byte> json)
    {
        var vectors = new List<float[]>(CannedResponses.VendorEmbeddingBatch);
        var reader = new Utf8JsonReader(json);
        var scratch = ArrayPool<float>.Shared.Rent(8192);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            vectors.Add(ReadArray(ref reader, scratch));
        }

        ArrayPool<float>.Shared.Return(scratch);
        return vectors;
    }

    private static float[] ReadArray(ref Utf8JsonReader reader, float[] scratch)
    {
        int n = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            scratch[n++] = reader.GetSingle();
        }

        return scratch.AsSpan(0, n).ToArray();
    }

    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        var utf8 = reader.ValueSpan;
        var vector = new float[Base64.GetMaxDecodedFromUtf8Length(utf8.Length) / sizeof(float)];
        Base64.DecodeFromUtf8(utf8, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out int written);
        return written == vector.Length * sizeof(float) ? vector : vector[..(written / sizeof(float))];
    }

    private sealed class Open(IAsyncEnumerator<SseItem<string?>> e, HttpResponseMessage response, HttpRequestMessage request) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await e.DisposeAsync();
            response.Dispose();
            request.Dispose();
        }
    }
}
