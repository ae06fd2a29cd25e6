using System.Net.Http.Headers;

namespace LlmClients.Auth;

/// <summary>
/// Sets <c>Authorization: Bearer &lt;token&gt;</c> on every attempt, overwriting any previous value; an empty token
/// (a server without auth, such as a self-hosted embedding server) sends no <c>Authorization</c> header at all rather than
/// a bare <c>Bearer </c>. Register it after the retry handler so a refreshed token is used on retry. Requests marked with
/// <see cref="AnonymousRequest"/> go out without it.
/// </summary>
internal sealed class BearerTokenHandler : DelegatingHandler
{
    private readonly Func<CancellationToken, ValueTask<string>> _tokenProvider;

    /// <summary>Initializes the handler.</summary>
    /// <param name="tokenProvider">Returns the current token (an API key, or a cached access token or JWT).</param>
    /// <exception cref="ArgumentNullException"><paramref name="tokenProvider"/> is null.</exception>
    public BearerTokenHandler(Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        _tokenProvider = tokenProvider;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AnonymousRequest.Is(request))
        {
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var token = await _tokenProvider(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = string.IsNullOrEmpty(token) ? null : new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
