
namespace LlmClients.Qianfan;

/// <summary>Embeddings over Qianfan v1 <c>.../wenxinworkshop/embeddings/{endpoint}</c> (Baidu's Embedding-V1 API: at most 16 texts per request).</summary>
internal sealed class QianfanEmbeddingClient(LlmHttpTransport transport, QianfanSettings settings)
    : VendorEmbeddingClient(settings.Instance, settings.BaseUrl, settings.DefaultEmbeddingModel)
{
    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
        var endpoint = QianfanModels.EmbeddingEndpoint(model, settings.CustomEmbeddingEndpoints, settings.InstanceName);
        if (options?.Dimensions is int dimensions && dimensions != endpoint.Dimensions)
        {
            throw new ArgumentException(
                endpoint.Dimensions == 0
                    ? $"EmbeddingGenerationOptions.Dimensions cannot be chosen for the Qianfan v1 deployment '{model}'; leave it null."
                    : $"Qianfan v1 model '{model}' always returns {endpoint.Dimensions} dimensions; leave EmbeddingGenerationOptions.Dimensions null or set it to {endpoint.Dimensions}.",
                nameof(options));
        }

        if (list.Count > endpoint.MaxBatch && endpoint.MaxBatch == 1)
        {
            // Quirk: tao-8k takes exactly one text per request. Splitting 8k-token texts silently would multiply cost and latency.
            throw new ArgumentException(
                $"Qianfan model '{model}' embeds one text per request, but {list.Count} were given: call GenerateAsync once per text (or use Embedding-V1 / bge-large-*, which take batches).",
                nameof(values));
        }

        // Quirk: Embedding-V1 and bge take at most 16 texts per request; larger batches are split, order kept.
        return EmbeddingBatcher.GenerateAsync(list, Math.Min(endpoint.MaxBatch, settings.MaxEmbeddingBatchSize ?? int.MaxValue), settings.EmbeddingParallelism, (batch, ct) => SendAsync(batch, model, endpoint.Endpoint, options, ct), cancellationToken);
    }

    /// <summary>Builds the wire request.</summary>
    /// <param name="batch">The texts.</param>
    /// <param name="options">The options (extras such as <c>user_id</c> are merged in).</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(IReadOnlyList<string> batch, EmbeddingGenerationOptions? options)
        => WireJson.Serialize(new QianfanEmbeddingRequest([.. batch]), QianfanJsonContext.Default.QianfanEmbeddingRequest, options?.AdditionalProperties);

    /// <summary>Maps the wire response, ordered by index.</summary>
    /// <param name="wire">The response.</param>
    /// <param name="model">The requested model.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The embeddings.</returns>
    internal static GeneratedEmbeddings<Embedding<float>> FromWire(QianfanEmbeddingResponse wire, string model, string? headerRequestId)
    {
        var result = new GeneratedEmbeddings<Embedding<float>> { Usage = OpenAIChatMapper.FromWire(wire.Usage), AdditionalProperties = ResponseProperties.RequestId(headerRequestId ?? wire.Id) };
        foreach (var item in (wire.Data ?? []).OrderBy(d => d.Index))
        {
            result.Add(new Embedding<float>(item.Embedding ?? []) { ModelId = model });
        }

        return result;
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(IReadOnlyList<string> batch, string model, string endpoint, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        using var request = settings.CreateRequest("embeddings/" + endpoint, BuildBody(batch, options));
        var response = await transport.SendAsync(request, QianfanJsonContext.Default.QianfanEmbeddingResponse, cancellationToken).ConfigureAwait(false);
        var result = FromWire(response.Value, model, response.HeaderRequestId);
        if (result.Count != batch.Count)
        {
            throw new LlmRequestException(QianfanErrorMapper.Provider, LlmErrorKind.InvalidResponse, 200, null, null, result.GetRequestId(), isTransient: false, advice: $"asked for {batch.Count} embeddings but got {result.Count}");
        }

        return result;
    }
}
