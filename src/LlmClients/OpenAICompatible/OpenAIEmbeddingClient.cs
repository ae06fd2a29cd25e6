
namespace LlmClients.OpenAICompatible;

/// <summary>Embeddings over <c>/embeddings</c> of OpenAI or any OpenAI-compatible server.</summary>
internal sealed class OpenAIEmbeddingClient(LlmHttpTransport transport, OpenAICompatibleSettings settings)
    : VendorEmbeddingClient(settings.Instance, settings.BaseUrl, settings.DefaultEmbeddingModel)
{
    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
        return EmbeddingBatcher.GenerateAsync(list, settings.MaxEmbeddingBatchSize, settings.EmbeddingParallelism, (batch, ct) => SendAsync(batch, model, options, ct), cancellationToken);
    }

    /// <summary>Builds the wire request: <c>encoding_format</c> is always sent, <c>"float"</c> unless the caller asked for base64.</summary>
    /// <param name="batch">The texts.</param>
    /// <param name="model">The model.</param>
    /// <param name="options">The options.</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(IReadOnlyList<string> batch, string model, EmbeddingGenerationOptions? options)
    {
        // Quirk: OpenAI SDKs default to base64, which many compatible servers answer badly; we always say "float".
        var request = new OpenAIEmbeddingRequest
        {
            Input = batch.Count == 1 ? WireJson.ToElement("input", batch[0]) : WireJson.ToElement("input", batch),
            Model = model,
            Dimensions = options?.Dimensions,
            EncodingFormat = "float",
        };
        return WireJson.Serialize(request, OpenAIJsonContext.Default.OpenAIEmbeddingRequest, options?.AdditionalProperties);
    }

    /// <summary>Maps the wire response, ordered by index; base64 vectors are decoded.</summary>
    /// <param name="wire">The response.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The embeddings.</returns>
    internal static GeneratedEmbeddings<Embedding<float>> FromWire(OpenAIEmbeddingResponse wire, string? headerRequestId)
    {
        var items = (wire.Data ?? []).OrderBy(d => d.Index).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>
        {
            Usage = OpenAIChatMapper.FromWire(wire.Usage),
            AdditionalProperties = ResponseProperties.RequestId(headerRequestId ?? wire.RequestId ?? wire.Id),
        };
        foreach (var item in items)
        {
            result.Add(new Embedding<float>(item.Embedding ?? []) { ModelId = wire.Model });
        }

        return result;
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(IReadOnlyList<string> batch, string model, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        using var request = settings.CreateRequest("embeddings", BuildBody(batch, model, options));
        var response = await transport.SendAsync(request, OpenAIJsonContext.Default.OpenAIEmbeddingResponse, cancellationToken).ConfigureAwait(false);
        var result = FromWire(response.Value, response.HeaderRequestId);
        if (result.Count != batch.Count)
        {
            throw new LlmRequestException(settings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, result.GetRequestId(), isTransient: false, advice: $"asked for {batch.Count} embeddings but got {result.Count}");
        }

        return result;
    }
}
