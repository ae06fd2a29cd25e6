using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmClients.Spark;

/// <summary>
/// Embeddings over iFlytek's signed-URL embedding API: one text per request (split and run with bounded parallelism by
/// <see cref="EmbeddingBatcher"/>, order kept), <c>domain</c> <c>para</c> for documents and <c>query</c> for queries, the
/// answer a Base64 string of little-endian float32 (2560 dimensions) decoded straight into <c>float[]</c>.
/// </summary>
internal sealed class SparkEmbeddingClient(LlmHttpTransport transport, SparkSettings settings)
    : VendorEmbeddingClient(settings.Chat.Instance, settings.EmbeddingUrl, settings.Chat.DefaultEmbeddingModel)
{
    /// <summary>The size of Spark's vectors: 2560.</summary>
    public const int Dimensions = 2560;


    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">AppId, AppKey or AppSecret is not configured.</exception>
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, settings.Chat.DefaultEmbeddingModel, settings.Chat.InstanceName);
        if (!settings.HasEmbeddingCredentials)
        {
            var name = settings.Chat.InstanceName;
            throw new InvalidOperationException(
                $"Provider '{name}' has no embedding credentials: Spark embeddings sign each request with the application's APPID, APIKey and APISecret. Set 'LlmProviders:{name}:AppId', ':AppKey' and ':AppSecret' (or SPARK_APP_ID, SPARK_API_KEY and SPARK_API_SECRET).");
        }

        if (options?.Dimensions is int dimensions && dimensions != Dimensions)
        {
            throw new ArgumentException($"EmbeddingGenerationOptions.Dimensions is {dimensions}, but Spark embeddings always have {Dimensions} dimensions. Leave Dimensions null.", nameof(options));
        }

        var domain = Domain(options.GetInputType());

        // Quirk: the API embeds one text per request (both official SDKs loop, one POST per text).
        return EmbeddingBatcher.GenerateAsync(list, 1, settings.Chat.EmbeddingParallelism, (batch, ct) => SendAsync(batch[0], model, domain, ct), cancellationToken);
    }

    /// <summary>Maps our input type to Spark's <c>domain</c>: documents (and no type) <c>para</c>, queries <c>query</c>.</summary>
    /// <param name="inputType">The input type, or null.</param>
    /// <returns>The domain.</returns>
    /// <exception cref="ArgumentException">The input type is neither a query nor a document.</exception>
    internal static string Domain(EmbeddingInputType? inputType)
    {
        if (inputType is not { } type || type == EmbeddingInputType.Document)
        {
            return "para";
        }

        return type == EmbeddingInputType.Query ? "query" : throw new ArgumentException(
            $"The embedding input type '{type}' has no Spark equivalent: Spark knows documents (domain para) and queries (domain query). Use EmbeddingInputType.Document or EmbeddingInputType.Query.",
            "options");
    }

    /// <summary>Builds the body: the text goes as Base64 of <c>{"messages":[{"content":text,"role":"user"}]}</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="appId">The APPID.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(string text, string appId, string domain)
    {
        var inner = WireJson.Serialize(new SparkEmbeddingText([new SparkEmbeddingTextMessage(text, "user")]), SparkJsonContext.Default.SparkEmbeddingText);
        var request = new SparkEmbeddingRequest(
            new SparkEmbeddingRequestHeader(appId, "llmclients", 3), // status 3: the whole text in one request.
            new SparkEmbeddingParameter(new SparkEmbeddingEmb(domain, new SparkEmbeddingFeature("utf8"))),
            new SparkEmbeddingPayload(new SparkEmbeddingMessages(Convert.ToBase64String(inner))));
        return WireJson.Serialize(request, SparkJsonContext.Default.SparkEmbeddingRequest);
    }

    /// <summary>Decodes the Base64 text of little-endian float32 values.</summary>
    /// <param name="base64">The <c>payload.feature.text</c>.</param>
    /// <returns>The vector, or null when the text is not Base64 of whole float32 values.</returns>
    internal static float[]? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var rented = ArrayPool<byte>.Shared.Rent(base64.Length * 3 / 4 + 3);
        try
        {
            if (!Convert.TryFromBase64String(base64, rented, out var length) || length == 0 || length % sizeof(float) != 0)
            {
                return null;
            }

            var bytes = rented.AsSpan(0, length);
            var vector = new float[length / sizeof(float)];
            if (BitConverter.IsLittleEndian)
            {
                bytes.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
            else
            {
                for (int i = 0; i < vector.Length; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
                }
            }

            return vector;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(string text, string model, string domain, CancellationToken cancellationToken)
    {
        using var request = JsonRequests.Create(HttpMethod.Post, settings.EmbeddingUrl, BuildBody(text, settings.AppId!, domain), settings.Chat.Headers);

        request.Options.Set(SparkAuthHandler.SignedUrl, true);
        var response = await transport.SendAsync(request, SparkJsonContext.Default.SparkEmbeddingResponse, cancellationToken).ConfigureAwait(false);
        var sid = response.Value.Header?.Sid ?? response.HeaderRequestId;
        var vector = Decode(response.Value.Payload?.Feature?.Text)
            ?? throw new LlmRequestException(SparkErrorMapper.Provider, LlmErrorKind.InvalidResponse, 200, null, null, sid, isTransient: false, advice: "the embedding response has no vector: payload.feature.text is missing, empty or not Base64 of float32 values");
        return new GeneratedEmbeddings<Embedding<float>>([new Embedding<float>(vector) { ModelId = model }])
        {
            AdditionalProperties = ResponseProperties.RequestId(sid),
        };
    }
}
