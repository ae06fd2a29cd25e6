
namespace LlmClients.DashScope;

/// <summary>Embeddings over the native API (<c>services/embeddings/text-embedding/text-embedding</c>).</summary>
internal sealed class DashScopeEmbeddingClient(LlmHttpTransport transport, DashScopeSettings settings)
    : VendorEmbeddingClient(settings.Instance, settings.NativeBaseUrl, settings.DefaultEmbeddingModel)
{
    /// <summary>The text-embedding path under the native base.</summary>
    public const string EmbeddingPath = "services/embeddings/text-embedding/text-embedding";


    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
        var (maxTexts, sendDimensions) = DashScopeEmbeddingModels.Check(model, list, options?.Dimensions, settings.MaxEmbeddingBatchSize);
        return EmbeddingBatcher.GenerateAsync(list, maxTexts, settings.EmbeddingParallelism, (batch, ct) => SendAsync(batch, model, options, sendDimensions, ct), cancellationToken);
    }

    /// <summary>Builds the wire request: <c>texts</c>, <c>text_type</c> from the input type, singular <c>dimension</c>.</summary>
    /// <param name="batch">The texts.</param>
    /// <param name="model">The model.</param>
    /// <param name="options">The options; extras go into <c>parameters</c>.</param>
    /// <param name="sendDimensions">Whether the model takes <c>dimension</c>.</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(IReadOnlyList<string> batch, string model, EmbeddingGenerationOptions? options, bool sendDimensions)
    {
        // Quirk: the native API says "dimension" (singular); compatible mode and OpenAI say "dimensions".
        var parameters = new DashScopeEmbeddingParameters(options.GetInputType()?.Value, sendDimensions ? options?.Dimensions : null);
        var request = new DashScopeEmbeddingRequest<DashScopeEmbeddingInput>
        {
            Model = model,
            Input = new DashScopeEmbeddingInput([.. batch]),
            Parameters = parameters.TextType is null && parameters.Dimension is null ? null : parameters,
        };
        return WireJson.Serialize(request, DashScopeJsonContext.Default.DashScopeEmbeddingRequest, options?.AdditionalProperties, extrasPath: "parameters");
    }

    /// <summary>Maps the wire response, ordered by <c>text_index</c>.</summary>
    /// <param name="wire">The response.</param>
    /// <param name="model">The model.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The embeddings.</returns>
    internal static GeneratedEmbeddings<Embedding<float>> FromWire(DashScopeEmbeddingResponse wire, string model, string? headerRequestId)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>
        {
            Usage = wire.Usage is { } usage ? new UsageDetails { InputTokenCount = usage.InputTokens ?? usage.TotalTokens, TotalTokenCount = usage.TotalTokens } : null,
            AdditionalProperties = ResponseProperties.RequestId(wire.RequestId ?? headerRequestId),
        };

        // Quirk: results carry text_index; order by it rather than trusting the array order.
        foreach (var item in (wire.Output?.Embeddings ?? []).OrderBy(e => e.TextIndex))
        {
            result.Add(new Embedding<float>(item.Embedding ?? []) { ModelId = model });
        }

        return result;
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(IReadOnlyList<string> batch, string model, EmbeddingGenerationOptions? options, bool sendDimensions, CancellationToken cancellationToken)
    {
        using var request = settings.CreateNativeRequest(EmbeddingPath, BuildBody(batch, model, options, sendDimensions), stream: false);
        var response = await transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeEmbeddingResponse, cancellationToken).ConfigureAwait(false);
        var result = FromWire(response.Value, model, response.HeaderRequestId);
        if (result.Count != batch.Count)
        {
            throw new LlmRequestException(DashScopeSettings.ProviderName, LlmErrorKind.InvalidResponse, 200, null, null, result.GetRequestId(), isTransient: false, advice: $"asked for {batch.Count} embeddings but got {result.Count}");
        }

        return result;
    }
}
