using LlmClients.Auth;
using LlmClients.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.Qianfan;

/// <summary>
/// Qianfan v1 auth behaviour, registered after the retry handler and before <see cref="QueryTokenHandler"/> (which puts
/// <c>access_token</c> in the query on every attempt): when an attempt is answered with HTTP 200 and a JSON body holding
/// <c>error_code</c> 110 (token invalid) or 111 (token expired), the used token is invalidated and the request is resent
/// once, with a fresh token. A second rejection is returned as is and becomes an authentication error. With no token
/// cache (Qianfan v2) the handler passes requests through. Event streams are never read here: a 110/111 in the first
/// event of a stream is handled by <see cref="QianfanChatClient"/>, which honours <see cref="ResentKey"/> so a call is
/// refreshed and resent at most once in all.
/// </summary>
internal sealed class QianfanAuthHandler : DelegatingHandler
{
    /// <summary>Set on a request this handler has already resent after a 110/111, so nobody refreshes for it a second time.</summary>
    internal static readonly HttpRequestOptionsKey<bool> ResentKey = new("LlmClients.Qianfan.TokenResent");

    private const string TokenParameter = "access_token";
    private readonly AccessTokenCache? _cache;
    private readonly QianfanErrorMapper _errors = new();
    private readonly ILogger _logger;

    /// <summary>Initializes the handler.</summary>
    /// <param name="cache">The v1 token cache, or null for a pass-through (v2).</param>
    /// <param name="logger">The logger, if any.</param>
    public QianfanAuthHandler(AccessTokenCache? cache, ILogger? logger = null)
    {
        _cache = cache;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_cache is null || await RejectedCodeAsync(response, cancellationToken).ConfigureAwait(false) is not { } code)
        {
            return response;
        }

        // Quirk: an invalid (110) or expired (111) token is reported at HTTP 200; refresh once and resend once.
        if (ReadToken(request.RequestUri) is { } used)
        {
            _cache.Invalidate(used);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
            Log.TokenRejected(_logger, Redaction.RedactUri(request.RequestUri), code);
#pragma warning restore CA1873
        }

        response.Dispose();
        request.Options.Set(ResentKey, true);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Says whether this handler already resent the request once after a 110/111.</summary>
    /// <param name="request">The request.</param>
    /// <returns>True when the one refresh-and-resend has been spent.</returns>
    internal static bool WasResent(HttpRequestMessage request) => request.Options.TryGetValue(ResentKey, out var resent) && resent;

    /// <summary>Reads the <c>access_token</c> query parameter the token handler put on the request URL.</summary>
    /// <param name="uri">The URL the request was sent to.</param>
    /// <returns>The token, or null.</returns>
    internal static string? ReadToken(Uri? uri)
    {
        if (uri is null || uri.Query.Length < 2)
        {
            return null;
        }

        foreach (var part in uri.Query[1..].Split('&'))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0] == TokenParameter)
            {
                return Uri.UnescapeDataString(pair[1]);
            }
        }

        return null;
    }

    private async Task<string?> RejectedCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode || !ErrorBodyReader.MayBeSuccessEnvelope(response.Content))
        {
            return null; // Event streams and answers too long to be a 110/111 envelope are never buffered here.
        }

        // Buffered, so the caller (and the retry handler) can still read the body of the response we return.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var error = _errors.ParseError((int)response.StatusCode, body);
        return QianfanErrorMapper.IsTokenRejected(error) ? error!.Code : null;
    }
}
