using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LlmClients.Benchmarks;

/// <summary>The vendor wire formats the benchmarks stream and embed in.</summary>
public enum WireFormat
{
    /// <summary>OpenAI chat completions (also DashScope compatible mode, Qianfan v2, DeepSeek...).</summary>
    OpenAI,

    /// <summary>DashScope native: <c>id:</c>/<c>event:result</c>/<c>:HTTP_STATUS/200</c> lines, <c>output.choices[0].message.content</c>.</summary>
    DashScope,

    /// <summary>Zhipu: OpenAI-shaped chunks without <c>object</c>, the role repeated in every delta, usage on the finish chunk.</summary>
    Zhipu,

    /// <summary>Qianfan v1 (wenxinworkshop): <c>result</c> per chunk, <c>is_end</c> ends the stream, no [DONE].</summary>
    Qianfan,

    /// <summary>Hugging Face TEI <c>/embed</c>: a bare array of arrays (embeddings only).</summary>
    Tei,
}

/// <summary>
/// The canned bytes the server child answers with: the same bytes for the floor, the official SDK and LlmClients, so
/// every client parses exactly the same wire. Every body is deterministic (seeded), so results can be checked.
/// </summary>
public static class CannedResponses
{
    /// <summary>Text chunks per stream (scenario B).</summary>
    public const int StreamChunks = 1000;

    /// <summary>Texts per embedding call in scenarios C and C64 (OpenAI format).</summary>
    public const int EmbeddingBatch = 64;

    /// <summary>Texts per embedding call in the other vendors' formats (10 fits every vendor's batch cap).</summary>
    public const int VendorEmbeddingBatch = 10;

    /// <summary>Dimensions per vector.</summary>
    public const int Dimensions = 1536;

    /// <summary>The text of <see cref="Chat"/>.</summary>
    public const string ChatText = "Hello! How can I assist you today?";

    /// <summary>The OpenAI HelloWorldChat response (OpenAI's documented chat completion, values verbatim), 734 bytes.</summary>
    public static readonly byte[] Chat = Encoding.UTF8.GetBytes("""
        {
          "id": "chatcmpl-D8dUjRkJNE7oAraZr6I7Jy8l3f2eU",
          "object": "chat.completion",
          "created": 1770950813,
          "model": "gpt-4o-mini-2024-07-18",
          "choices": [ { "index": 0, "message": { "role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null, "annotations": [] }, "logprobs": null, "finish_reason": "stop" } ],
          "usage": { "prompt_tokens": 11, "completion_tokens": 9, "total_tokens": 20,
            "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
            "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 } },
          "service_tier": "default",
          "system_fingerprint": "fp_560af6e559"
        }
        """);

    /// <summary>The text of every stream: the chunk words concatenated.</summary>
    public static readonly string StreamText = string.Concat(Enumerable.Range(0, StreamChunks).Select(Word));

    /// <summary>The reference vectors: vector i of every embedding response (all formats).</summary>
    public static readonly float[][] Vectors = BuildVectors(EmbeddingBatch);

    private static readonly Dictionary<WireFormat, List<byte[]>> StreamCache = [];

    /// <summary>The word of text chunk <paramref name="i"/> (ASCII and CJK mixed, as live streams are).</summary>
    public static string Word(int i) => (i % 4) switch { 0 => " word" + i.ToString(CultureInfo.InvariantCulture), 1 => "你好", 2 => ",", _ => " the" };

    /// <summary>The SSE events of a 1000-chunk stream in <paramref name="format"/>, each with its blank-line terminator.</summary>
    public static IReadOnlyList<byte[]> StreamEvents(WireFormat format)
    {
        lock (StreamCache)
        {
            if (!StreamCache.TryGetValue(format, out var events))
            {
                events = [.. BuildStream(format).Select(Encoding.UTF8.GetBytes)];
                StreamCache[format] = events;
            }

            return events;
        }
    }

    /// <summary>An embeddings response of <paramref name="count"/> vectors in <paramref name="format"/>.</summary>
    public static byte[] Embeddings(WireFormat format, int count, bool base64)
    {
        var sb = new StringBuilder();
        switch (format)
        {
            case WireFormat.OpenAI:
                sb.Append("{\"object\":\"list\",\"data\":[");
                for (int i = 0; i < count; i++)
                {
                    sb.Append(i == 0 ? "" : ",").Append("{\"object\":\"embedding\",\"index\":").Append(i).Append(",\"embedding\":");
                    AppendVector(sb, Vectors[i], base64);
                    sb.Append('}');
                }

                sb.Append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":256,\"total_tokens\":256}}");
                break;
            case WireFormat.DashScope:
                sb.Append("{\"output\":{\"embeddings\":[");
                for (int i = 0; i < count; i++)
                {
                    sb.Append(i == 0 ? "" : ",").Append("{\"embedding\":");
                    AppendVector(sb, Vectors[i], base64: false);
                    sb.Append(",\"text_index\":").Append(i).Append('}');
                }

                sb.Append("]},\"usage\":{\"total_tokens\":70},\"request_id\":\"1773f7b2-2148-9f74-b335-b413e398a116\"}");
                break;
            case WireFormat.Qianfan:
                sb.Append("{\"id\":\"as-gjs275mj6s\",\"object\":\"embedding_list\",\"created\":1687155816,\"data\":[");
                for (int i = 0; i < count; i++)
                {
                    sb.Append(i == 0 ? "" : ",").Append("{\"object\":\"embedding\",\"embedding\":");
                    AppendVector(sb, Vectors[i], base64: false);
                    sb.Append(",\"index\":").Append(i).Append('}');
                }

                sb.Append("],\"usage\":{\"prompt_tokens\":70,\"total_tokens\":70}}");
                break;
            case WireFormat.Tei:
                sb.Append('[');
                for (int i = 0; i < count; i++)
                {
                    sb.Append(i == 0 ? "" : ",");
                    AppendVector(sb, Vectors[i], base64: false);
                }

                sb.Append(']');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "no embeddings in this format");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void AppendVector(StringBuilder sb, float[] vector, bool base64)
    {
        if (base64)
        {
            var bytes = new byte[vector.Length * sizeof(float)];
            for (int d = 0; d < vector.Length; d++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * sizeof(float)), vector[d]);
            }

            sb.Append('"').Append(Convert.ToBase64String(bytes)).Append('"');
        }
        else
        {
            sb.Append('[').AppendJoin(',', vector.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append(']');
        }
    }

    private static float[][] BuildVectors(int count)
    {
        var random = new Random(42);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = new float[Dimensions];
            for (int d = 0; d < Dimensions; d++)
            {
                vectors[i][d] = (float)((random.NextDouble() * 0.2) - 0.1);
            }
        }

        return vectors;
    }

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s, BenchJsonContext.Default.String);

    private static IEnumerable<string> BuildStream(WireFormat format)
    {
        switch (format)
        {
            case WireFormat.OpenAI:
                {
                    const string Head = """data: {"id":"chatcmpl-D8dUAJuyyWxWUFRdcu8FB6Vi6yfLu","object":"chat.completion.chunk","created":1770950778,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_373a14eb6f","choices":""";
                    yield return Head + """[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"4PnfR9vil"}""" + "\n\n";
                    for (int i = 0; i < StreamChunks; i++)
                    {
                        yield return Head + "[{\"index\":0,\"delta\":{\"content\":" + Json(Word(i)) + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"MRIY7sqx\"}\n\n";
                    }

                    yield return Head + """[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"KD0Jr"}""" + "\n\n";
                    yield return Head + """[],"usage":{"prompt_tokens":22,"completion_tokens":1000,"total_tokens":1022,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"obfuscation":"JEx9ecrF"}""" + "\n\n";
                    yield return "data: [DONE]\n\n";
                    break;
                }

            case WireFormat.Zhipu:
                {
                    const string Head = """data: {"id":"8367749749104713937","created":1708484452,"model":"glm-4","choices":[{"index":0,""";
                    for (int i = 0; i < StreamChunks; i++)
                    {
                        yield return Head + "\"delta\":{\"role\":\"assistant\",\"content\":" + Json(Word(i)) + "}}]}\n\n";
                    }

                    yield return Head + "\"finish_reason\":\"stop\",\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"usage\":{\"prompt_tokens\":22,\"completion_tokens\":1000,\"total_tokens\":1022}}\n\n";
                    yield return "data: [DONE]\n\n";
                    break;
                }

            case WireFormat.DashScope:
                {
                    for (int i = 0; i < StreamChunks; i++)
                    {
                        yield return "id:" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":[{\"message\":{\"content\":" + Json(Word(i))
                            + ",\"role\":\"assistant\"},\"finish_reason\":\"null\"}]},\"usage\":{\"total_tokens\":" + (9 + i).ToString(CultureInfo.InvariantCulture) + ",\"input_tokens\":8,\"output_tokens\":" + (i + 1).ToString(CultureInfo.InvariantCulture)
                            + "},\"request_id\":\"d272255f-82d7-9cc7-93c5-17ff77024349\"}\n\n";
                    }

                    yield return "id:" + (StreamChunks + 1).ToString(CultureInfo.InvariantCulture) + "\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":[{\"message\":{\"content\":\"\",\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]},\"usage\":{\"total_tokens\":1008,\"input_tokens\":8,\"output_tokens\":1000},\"request_id\":\"d272255f-82d7-9cc7-93c5-17ff77024349\"}\n\n";
                    break;
                }

            case WireFormat.Qianfan:
                {
                    for (int i = 0; i < StreamChunks; i++)
                    {
                        yield return "data: {\"id\":\"as-414fqwb8p3\",\"object\":\"chat.completion\",\"created\":1707245236,\"sentence_id\":" + i.ToString(CultureInfo.InvariantCulture)
                            + ",\"is_end\":false,\"is_truncated\":false,\"result\":" + Json(Word(i)) + ",\"need_clear_history\":false,\"finish_reason\":\"normal\",\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":0,\"total_tokens\":2}}\n\n";
                    }

                    yield return "data: {\"id\":\"as-414fqwb8p3\",\"object\":\"chat.completion\",\"created\":1707245238,\"sentence_id\":1000,\"is_end\":true,\"is_truncated\":false,\"result\":\"\",\"need_clear_history\":false,\"finish_reason\":\"normal\",\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1000,\"total_tokens\":1002}}\n\n";
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "no stream in this format");
        }
    }
}
