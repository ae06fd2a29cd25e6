namespace LlmClients.Zhipu;

/// <summary>
/// CogView image generation over Zhipu's <c>/images/generations</c>. Implementations are thread-safe. Reach it through DI
/// keyed by the instance name, or with <c>chatClient.GetService&lt;IZhipuImageClient&gt;()</c>; an interface, so tests can fake it.
/// </summary>
public interface IZhipuImageClient
{
    /// <summary>Generates images for a prompt.</summary>
    /// <param name="prompt">What to draw; not blank.</param>
    /// <param name="options">The model, size and other options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The image URLs.</returns>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is blank (before any network call).</exception>
    /// <exception cref="LlmRequestException">The vendor reported an error (1301 for an unsafe prompt, for example).</exception>
    Task<ZhipuImageGenerationResult> GenerateAsync(string prompt, ZhipuImageOptions? options = null, CancellationToken cancellationToken = default);
}
