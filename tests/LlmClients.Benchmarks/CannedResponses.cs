using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LlmClients.Benchmarks;

/// <summary>The canned wire bodies every client parses: the same bytes for all three.</summary>
public static class CannedResponses
{
    /// <summary>The number of texts in the embedding batch.</summary>
    public const int EmbeddingBatchSize = 16;

    /// <summary>The dimensions of each embedding (text-embedding-3-small).</summary>
    public const int EmbeddingDimensions = 1536;

    /// <summary>The text chunks of the canned stream (between the role chunk and the finish/usage tail).</summary>
    public const int StreamTextChunks = 48;

    /// <summary>The text of <see cref="Chat"/>.</summary>
    public const string ChatText = "Hello! How can I assist you today?";

    /// <summary>
    /// The HelloWorldChat response of the OpenAI .NET SDK recordings, values verbatim
    /// (OpenAI's documented chat completion, also tests/LlmClients.Tests/Fixtures/OpenAI/chat-hello.json).
    /// </summary>
    public static readonly byte[] Chat = """
        {
          "id": "chatcmpl-D8dUjRkJNE7oAraZr6I7Jy8l3f2eU", "object": "chat.completion", "created": 1770950813, "model": "gpt-4o-mini-2024-07-18",
          "choices": [ { "index": 0, "message": { "role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null, "annotations": [] }, "logprobs": null, "finish_reason": "stop" } ],
          "usage": { "prompt_tokens": 11, "completion_tokens": 9, "total_tokens": 20,
            "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
            "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 } },
          "service_tier": "default", "system_fingerprint": "fp_560af6e559"
        }
        """u8.ToArray();

    /// <summary>
    /// A 51-event stream shaped like OpenAI's documented chat stream: a role chunk, <see cref="StreamTextChunks"/> text chunks,
    /// the finish chunk, the include_usage chunk with <c>choices: []</c>, then <c>[DONE]</c>.
    /// </summary>
    public static readonly byte[] Stream = BuildStream();

    /// <summary>The total text length of <see cref="Stream"/>.</summary>
    public static readonly int StreamTextLength = Enumerable.Range(0, StreamTextChunks).Sum(i => StreamWord(i).Length);

    /// <summary>The embedding texts.</summary>
    public static readonly string[] EmbeddingTexts = [.. Enumerable.Range(0, EmbeddingBatchSize).Select(i => $"The quick brown fox jumps over the lazy dog, sentence number {i}.")];

    /// <summary>The embeddings response with <c>"embedding": [floats]</c> (encoding_format float).</summary>
    public static readonly byte[] EmbeddingsFloat = BuildEmbeddings(base64: false);

    /// <summary>The embeddings response with <c>"embedding": "base64"</c> (encoding_format base64, the OpenAI SDK's default).</summary>
    public static readonly byte[] EmbeddingsBase64 = BuildEmbeddings(base64: true);

    private static string StreamWord(int i) => i == 0 ? "The" : $" word{i}";

    private static byte[] BuildStream()
    {
        const string Head = """data: {"id":"chatcmpl-D8dUAJuyyWxWUFRdcu8FB6Vi6yfLu","object":"chat.completion.chunk","created":1770950778,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_373a14eb6f","choices":""";
        var sb = new StringBuilder();
        sb.Append(Head).Append("""[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"4PnfR9vil"}""").Append("\n\n");
        for (int i = 0; i < StreamTextChunks; i++)
        {
            sb.Append(Head).Append("[{\"index\":0,\"delta\":{\"content\":\"").Append(StreamWord(i))
              .Append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"MRIY7sqx\"}\n\n");
        }

        sb.Append(Head).Append("""[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"KD0Jr"}""").Append("\n\n");
        sb.Append(Head).Append("""[],"usage":{"prompt_tokens":22,"completion_tokens":712,"total_tokens":734,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"obfuscation":"JEx9ecrF"}""").Append("\n\n");
        sb.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] BuildEmbeddings(bool base64)
    {
        var random = new Random(42);
        var sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        var bytes = new byte[EmbeddingDimensions * sizeof(float)];
        for (int item = 0; item < EmbeddingBatchSize; item++)
        {
            sb.Append(item == 0 ? "" : ",").Append("{\"object\":\"embedding\",\"index\":").Append(item).Append(",\"embedding\":");
            var vector = new float[EmbeddingDimensions];
            for (int d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)((random.NextDouble() * 0.2) - 0.1);
            }

            if (base64)
            {
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

            sb.Append('}');
        }

        sb.Append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":256,\"total_tokens\":256}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
