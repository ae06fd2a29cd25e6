using System.Text;

namespace LlmClients.Auth;

/// <summary>
/// Adds or replaces <c>?&lt;name&gt;=&lt;token&gt;</c> in the request URL on every attempt, keeping the other query
/// parameters. Register it after the retry handler so a refreshed token is used on retry. The URL then holds a
/// secret: everything that logs or reports it goes through <c>Redaction.RedactUri</c>.
/// </summary>
internal sealed class QueryTokenHandler : DelegatingHandler
{
    private readonly string _parameterName;
    private readonly Func<CancellationToken, ValueTask<string>> _tokenProvider;

    /// <summary>Initializes the handler.</summary>
    /// <param name="parameterName">The query parameter, for example <c>access_token</c>.</param>
    /// <param name="tokenProvider">Returns the current token.</param>
    /// <exception cref="ArgumentException"><paramref name="parameterName"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="tokenProvider"/> is null.</exception>
    public QueryTokenHandler(string parameterName, Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameterName);
        ArgumentNullException.ThrowIfNull(tokenProvider);
        _parameterName = parameterName;
        _tokenProvider = tokenProvider;
    }

    /// <summary>Returns <paramref name="uri"/> with exactly one <paramref name="name"/> parameter, set to <paramref name="value"/> (escaped).</summary>
    /// <param name="uri">An absolute URL.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The unescaped value.</param>
    /// <returns>The new URL.</returns>
    internal static Uri SetQueryParameter(Uri uri, string name, string value)
    {
        var escapedName = Uri.EscapeDataString(name);
        var query = new StringBuilder();
        var existing = uri.Query.Length > 0 ? uri.Query[1..] : string.Empty;
        foreach (var part in existing.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = part.Split('=', 2)[0];
            if (string.Equals(Uri.UnescapeDataString(key), name, StringComparison.Ordinal))
            {
                continue;
            }

            query.Append(part).Append('&');
        }

        query.Append(escapedName).Append('=').Append(Uri.EscapeDataString(value));
        return new UriBuilder(uri) { Query = query.ToString() }.Uri;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request URL is missing or relative.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            throw new InvalidOperationException("The request needs an absolute URL to carry a query token.");
        }

        var token = await _tokenProvider(cancellationToken).ConfigureAwait(false);
        request.RequestUri = SetQueryParameter(uri, _parameterName, token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
