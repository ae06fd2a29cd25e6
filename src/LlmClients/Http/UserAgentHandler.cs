using System.Runtime.InteropServices;
using LlmClients.Telemetry;

namespace LlmClients.Http;

/// <summary>
/// Puts <c>LlmClients/&lt;version&gt; (.NET &lt;runtime&gt;; &lt;os&gt;)</c> on every request: alone, or after the product
/// tokens the user configured (a <c>User-Agent</c> in the instance's <c>Headers</c> or the HttpClient's default headers),
/// never replacing them. Sent once per request: a resent request (retry, token refresh) already carries it.
/// </summary>
internal sealed class UserAgentHandler : DelegatingHandler
{
    /// <summary>Gets our product token and comment, for example <c>LlmClients/1.0.0 (.NET 10.0.12; linux-x64)</c>.</summary>
    public static string Value { get; } = $"LlmClients/{LlmTelemetry.Version} (.NET {Environment.Version}; {RuntimeInformation.RuntimeIdentifier})";

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Apply(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Appends our token to the request's <c>User-Agent</c> unless it is there already.</summary>
    /// <param name="request">The request.</param>
    public static void Apply(HttpRequestMessage request)
    {
        // Most requests carry none yet: ours is added without reading or parsing any header value.
        if (!request.Headers.NonValidated.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", Value);
            return;
        }

        var existing = request.Headers.TryGetValues("User-Agent", out var values) ? string.Join(' ', values) : null;
        if (existing is not null && existing.Contains(Value, StringComparison.Ordinal))
        {
            return;
        }

        // A User-Agent holds several products separated by spaces; ours goes last.
        request.Headers.Remove("User-Agent");
        request.Headers.TryAddWithoutValidation("User-Agent", string.IsNullOrWhiteSpace(existing) ? Value : existing + " " + Value);
    }
}
