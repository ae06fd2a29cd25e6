
namespace LlmClients.Zhipu;

/// <summary>Embeddings over Zhipu's <c>/embeddings</c> (embedding-2, embedding-3).</summary>
internal sealed class ZhipuEmbeddingClient(LlmHttpTransport transport, OpenAICompatibleSettings settings)
    : VendorEmbeddingClient(settings.Instance, settings.BaseUrl, settings.DefaultEmbeddingModel)
{
    /// <summary>The sizes embedding-3 accepts.</summary>
    public static readonly IReadOnlyList<int> Embedding3Dimensions = [256, 512, 1024, 2048];

    private const int Embedding2Dimensions = 1024;
    private const int Embedding2BatchSize = 16;

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
        var dimensions = ResolveDimensions(model, options?.Dimensions);

        // Quirk: embedding-2 allows 8K tokens per request at 512 per text, so at most 16 texts; embedding-3 allows 64.
        var batchSize = IsModel(model, "embedding-2") ? Math.Min(Embedding2BatchSize, settings.MaxEmbeddingBatchSize) : settings.MaxEmbeddingBatchSize;
        return EmbeddingBatcher.GenerateAsync(list, batchSize, settings.EmbeddingParallelism, (batch, ct) => SendAsync(batch, model, dimensions, options, ct), cancellationToken);
    }

    /// <summary>Checks <c>dimensions</c> against the model and returns what to send (null: send nothing).</summary>
    /// <param name="model">The model.</param>
    /// <param name="dimensions">The requested size.</param>
    /// <returns>The value to send.</returns>
    /// <exception cref="ArgumentException">The model does not offer that size.</exception>
    internal static int? ResolveDimensions(string model, int? dimensions)
    {
        if (dimensions is not int requested)
        {
            return null;
        }

        if (IsModel(model, "embedding-2"))
        {
            // Quirk: embedding-2 has a fixed size and no dimensions parameter.
            return requested == Embedding2Dimensions ? null : throw new ArgumentException(
                $"EmbeddingGenerationOptions.Dimensions is {requested}, but embedding-2 always returns {Embedding2Dimensions} dimensions. Leave Dimensions null, or use embedding-3 for 256, 512, 1024 or 2048.",
                "options");
        }

        if (IsModel(model, "embedding-3") && !Embedding3Dimensions.Contains(requested))
        {
            throw new ArgumentException(
                $"EmbeddingGenerationOptions.Dimensions is {requested}, but embedding-3 offers only {string.Join(", ", Embedding3Dimensions)} (default 2048). Pick one of those, or leave it null.",
                "options");
        }

        return requested;
    }

    /// <summary>Builds the wire request; unlike OpenAI, no <c>encoding_format</c> is sent (Zhipu returns floats).</summary>
    /// <param name="batch">The texts.</param>
    /// <param name="model">The model.</param>
    /// <param name="dimensions">The size to send, or null.</param>
    /// <param name="options">The options holding vendor extras.</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(IReadOnlyList<string> batch, string model, int? dimensions, EmbeddingGenerationOptions? options)
    {
        var request = new OpenAIEmbeddingRequest
        {
            Input = batch.Count == 1 ? WireJson.ToElement("input", batch[0]) : WireJson.ToElement("input", batch),
            Model = model,
            Dimensions = dimensions,
        };
        return WireJson.Serialize(request, OpenAIJsonContext.Default.OpenAIEmbeddingRequest, options?.AdditionalProperties);
    }

    private static bool IsModel(string model, string name) => string.Equals(model, name, StringComparison.OrdinalIgnoreCase);

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(IReadOnlyList<string> batch, string model, int? dimensions, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        using var request = settings.CreateRequest("embeddings", BuildBody(batch, model, dimensions, options));
        var response = await transport.SendAsync(request, OpenAIJsonContext.Default.OpenAIEmbeddingResponse, cancellationToken).ConfigureAwait(false);
        var result = OpenAIEmbeddingClient.FromWire(response.Value, response.HeaderRequestId);
        if (result.Count != batch.Count)
        {
            throw new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, result.GetRequestId(), isTransient: false, advice: $"asked for {batch.Count} embeddings but got {result.Count}");
        }

        return result;
    }
}
