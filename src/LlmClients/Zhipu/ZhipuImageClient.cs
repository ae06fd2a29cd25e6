using LlmClients.Http;
using LlmClients.OpenAI;

namespace LlmClients.Zhipu;

/// <summary>
/// CogView image generation over Zhipu's <c>/images/generations</c>. Thread-safe. Reach it by instance name from DI, or
/// with <c>chatClient.GetService&lt;ZhipuImageClient&gt;()</c>.
/// </summary>
public sealed class ZhipuImageClient
{
    private readonly LlmHttpTransport _transport;
    private readonly OpenAICompatibleSettings _settings;

    internal ZhipuImageClient(LlmHttpTransport transport, OpenAICompatibleSettings settings)
    {
        _transport = transport;
        _settings = settings;
    }

    /// <summary>Generates images for a prompt.</summary>
    /// <param name="prompt">What to draw; not blank.</param>
    /// <param name="options">The model, size and other options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The image URLs.</returns>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is blank (before any network call).</exception>
    /// <exception cref="LlmRequestException">The vendor reported an error (1301 for an unsafe prompt, for example).</exception>
    public async Task<ZhipuImageGenerationResult> GenerateAsync(string prompt, ZhipuImageOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = _settings.CreateRequest("images/generations", BuildBody(prompt, options));
        var response = await _transport.SendAsync(request, ZhipuJsonContext.Default.ZhipuImageResponse, cancellationToken).ConfigureAwait(false);
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

        var request = new ZhipuImageRequest
        {
            Model = string.IsNullOrWhiteSpace(options?.ModelId) ? ZhipuImageOptions.DefaultModel : options.ModelId,
            Prompt = prompt,
            Size = options?.Size,
            Quality = options?.Quality,
            UserId = options?.UserId,
            RequestId = options?.RequestId,
        };
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
        RequestId = headerRequestId ?? wire.RequestId,
        RawRepresentation = wire,
    };
}
