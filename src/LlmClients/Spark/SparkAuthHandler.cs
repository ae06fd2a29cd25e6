using System.Net.Http.Headers;

namespace LlmClients.Spark;

/// <summary>
/// Authenticates every attempt (it runs after the retry handler): chat requests get <c>Authorization: Bearer
/// &lt;APIPassword&gt;</c>; embedding requests, marked with <see cref="SignedUrl"/>, get a freshly signed URL, so a retried
/// request carries a new <c>date</c> within the server's 300-second window. The signed URL holds the signature (never the
/// secret); everything that logs or reports a URL drops its query (<c>Redaction.RedactUri</c>).
/// </summary>
/// <param name="options">Returns the instance's current options.</param>
/// <param name="timeProvider">The clock the signed <c>date</c> comes from.</param>
internal sealed class SparkAuthHandler(Func<SparkOptions> options, TimeProvider timeProvider) : DelegatingHandler
{
    /// <summary>Marks a request whose URL is to be signed instead of sending the bearer password.</summary>
    public static readonly HttpRequestOptionsKey<bool> SignedUrl = new("LlmClients.Spark.SignedUrl");

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The credentials the request needs are not configured, or its URL is relative.</exception>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options();
        if (request.Options.TryGetValue(SignedUrl, out var signed) && signed)
        {
            if (request.RequestUri is not { IsAbsoluteUri: true } uri)
            {
                throw new InvalidOperationException("A signed Spark request needs an absolute URL.");
            }

            if (string.IsNullOrWhiteSpace(o.AppKey) || string.IsNullOrWhiteSpace(o.AppSecret))
            {
                throw new InvalidOperationException("Spark embeddings need AppKey and AppSecret (the console's APIKey and APISecret) to sign the request.");
            }

            request.RequestUri = SparkSigner.SignUrl(uri, request.Method.Method, o.AppKey, o.AppSecret, timeProvider.GetUtcNow());
        }
        else if (!string.IsNullOrWhiteSpace(o.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
