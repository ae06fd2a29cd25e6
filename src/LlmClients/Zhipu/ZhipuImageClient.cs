
namespace LlmClients.Zhipu;

/// <summary>The <see cref="IZhipuImageClient"/> of one Zhipu instance: CogView over <c>/images/generations</c>. Thread-safe.</summary>
internal sealed class ZhipuImageClient(LlmHttpTransport transport, OpenAICompatibleSettings settings) : IZhipuImageClient
{
    /// <inheritdoc />
    public async Task<ZhipuImageGenerationResult> GenerateAsync(string prompt, ZhipuImageOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = settings.CreateRequest("images/generations", BuildBody(prompt, options));
        var response = await transport.SendAsync(request, ZhipuJsonContext.Default.ZhipuImageResponse, cancellationToken).ConfigureAwait(false);
        return FromWire(response.Value, response.HeaderRequestId);
    }

    /// <summary>Builds the wire request.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="options">The options.</param>
    /// <returns>The UTF-8 body.</returns>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is blank.</exception>
    internal static byte[] BuildBody(string prompt, ZhipuImageOptions? options)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new ArgumentException("The prompt is empty: describe the image to generate, for example \"一只可爱的小猫咪\".", nameof(prompt));
        }

        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? ZhipuImageOptions.DefaultModel : options.ModelId;
        var request = new ZhipuImageRequest(model, prompt, options?.Size, options?.Quality, options?.UserId, options?.RequestId);
        return WireJson.Serialize(request, ZhipuJsonContext.Default.ZhipuImageRequest, options?.AdditionalProperties);
    }

    /// <summary>Maps the wire response.</summary>
    /// <param name="wire">The response.</param>
    /// <param name="headerRequestId">The request id from the headers.</param>
    /// <returns>The result.</returns>
    internal static ZhipuImageGenerationResult FromWire(ZhipuImageResponse wire, string? headerRequestId) => new()
    {
        ImageUrls = [.. (wire.Data ?? []).Select(d => Uri.TryCreate(d.Url, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>()],
        CreatedAt = wire.Created is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
        ContentFilter = [.. (wire.ContentFilter ?? []).Select(c => new ZhipuContentFilterResult(c.Role, c.Level))],
        RequestId = wire.RequestId ?? headerRequestId,
        RawRepresentation = wire,
    };
}
