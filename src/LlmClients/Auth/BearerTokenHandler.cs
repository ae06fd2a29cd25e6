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
    private Bearer? _last;

    /// <summary>Initializes the handler.</summary>
    /// <param name="tokenProvider">Returns the current token (an API key, or a cached access token or JWT).</param>
    /// <exception cref="ArgumentNullException"><paramref name="tokenProvider"/> is null.</exception>
    public BearerTokenHandler(Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        _tokenProvider = tokenProvider;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AnonymousRequest.Is(request))
        {
            request.Headers.Authorization = null;
            return base.SendAsync(request, cancellationToken);
        }

        // A cached token (the usual case) is ready at once: no state machine for this handler.
        var token = _tokenProvider(cancellationToken);
        if (token.IsCompletedSuccessfully)
        {
            Authorize(request, token.Result);
            return base.SendAsync(request, cancellationToken);
        }

        return SendAfterTokenAsync(request, token, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAfterTokenAsync(HttpRequestMessage request, ValueTask<string> token, CancellationToken cancellationToken)
    {
        Authorize(request, await token.ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Authorize(HttpRequestMessage request, string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = null;
            return;
        }

        // One header string per token, not one per call: set raw, it is written as is (a parsed value would be formatted
        // into a new string on every send). Replaces the header a previous attempt of a retried request set.
        var last = _last;
        if (last is null || !string.Equals(last.Token, token, StringComparison.Ordinal))
        {
            _last = last = new Bearer(token, "Bearer " + token);
        }

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", last.Header);
    }

    /// <summary>A token and its header value.</summary>
    private sealed class Bearer(string token, string header)
    {
        public string Token { get; } = token;

        public string Header { get; } = header;
    }
}
