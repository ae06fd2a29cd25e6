using System.Globalization;
using System.Text.Json;
using LlmClients.Auth;
using LlmClients.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.Qianfan;

/// <summary>
/// Exchanges an API Key (AK) and Secret Key (SK) for a v1 access token at <c>POST {OAuthBaseUrl}oauth/2.0/token</c>
/// (Baidu's OAuth 2.0 client-credentials endpoint, <c>grant_type=client_credentials</c>). The request goes through its own HttpClient, without the chat client's auth handler.
/// </summary>
/// <param name="factory">The HttpClient factory.</param>
/// <param name="clientName">The named client for the OAuth host.</param>
/// <param name="oauthBaseUrl">The OAuth base URL, ending with a slash.</param>
/// <param name="apiKey">The API Key (AK).</param>
/// <param name="secretKey">The Secret Key (SK).</param>
/// <param name="instanceName">The instance name, for messages.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="logger">The logger, if any.</param>
/// <param name="telemetryEnabled">Whether the exchange records its span and metric (<see cref="LlmTelemetryOptions.Enabled"/>).</param>
/// <exception cref="ArgumentException">The AK or SK is blank.</exception>
internal sealed class QianfanTokenExchange(IHttpClientFactory factory, string clientName, Uri oauthBaseUrl, string? apiKey, string? secretKey, string instanceName, TimeProvider timeProvider, ILogger? logger = null, bool telemetryEnabled = true)
{
    /// <summary>The token lifetime when the response does not say: 30 days.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(2592000);

    // One try plus one retry on a transport failure.
    private const int MaxAttempts = 2;

    private readonly (string Ak, string Sk) _credentials = RequireCredentials(apiKey, secretKey, instanceName);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly InstanceTelemetry _instance = new(instanceName, QianfanErrorMapper.Provider, telemetryEnabled);

    // Both halves are needed before any exchange; the message names the blank one's setting and environment variable.
    private static (string Ak, string Sk) RequireCredentials(string? apiKey, string? secretKey, string instanceName)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || string.IsNullOrWhiteSpace(secretKey))
        {
            var blank = string.IsNullOrWhiteSpace(apiKey) ? "ApiKey" : "SecretKey";
            throw new ArgumentException(
                $"Provider '{instanceName}': Qianfan v1 needs both ApiKey (AK) and SecretKey (SK); {blank} is blank. Set 'LlmProviders:{instanceName}:{blank}' or the {(blank == "ApiKey" ? "QIANFAN_AK" : "QIANFAN_SK")} environment variable.",
                blank == "ApiKey" ? nameof(apiKey) : nameof(secretKey));
        }

        return (apiKey, secretKey);
    }

    /// <summary>
    /// Runs one exchange. A transport failure (connection refused or reset, DNS) is retried once, at once: the exchange
    /// sits outside the chat client's retry handler, and every waiting call shares its outcome. Timeouts and HTTP error
    /// answers are not retried here; the next call after a failure starts a new exchange.
    /// </summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The token and its expiry.</returns>
    /// <exception cref="LlmRequestException">The credentials were rejected (kind Authentication), or the exchange failed.</exception>
    /// <remarks>
    /// Reported as a span <c>qianfan.token_exchange</c> (under the attempt that needed the token) with
    /// <c>gen_ai.provider.name</c>, <c>llmclients.instance.name</c>, <c>server.address</c>, <c>http.response.status_code</c>
    /// and <c>error.type</c>, one count of <c>llmclients.client.token_exchanges</c>, and log events 1101/1102; never the
    /// URL query, which carries the keys.
    /// </remarks>
    public async Task<AccessToken> ExchangeAsync(CancellationToken cancellationToken)
    {
        using var activity = LlmTelemetry.StartActivity("qianfan.token_exchange", _instance, System.Diagnostics.ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("server.address", oauthBaseUrl.Host);
            activity.SetTag("server.port", oauthBaseUrl.Port);
        }

        string? errorType = null;
        try
        {
            return await ExchangeCoreAsync(activity, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmRequestException ex)
        {
            ex.InstanceName ??= _instance.InstanceName;
            errorType = ex.Kind.Value;
            LlmTelemetry.SetError(activity, errorType);
            throw;
        }
        catch (Exception ex)
        {
            errorType = ex.GetType().FullName ?? ex.GetType().Name;
            LlmTelemetry.SetError(activity, errorType);
            throw;
        }
        finally
        {
            if (_instance.Enabled && LlmTelemetry.TokenExchanges.Enabled)
            {
                var tags = LlmTelemetry.Tags(_instance, LlmCallContext.Model);
                if (errorType is not null)
                {
                    tags.Add(LlmTelemetry.ErrorType, errorType);
                }

                LlmTelemetry.TokenExchanges.Add(1, tags);
            }
        }
    }

    private async Task<AccessToken> ExchangeCoreAsync(System.Diagnostics.Activity? activity, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        // Quirk: the credentials travel in the query string, with an empty POST body; the URL is never logged unredacted.
        var uri = BaseUrls.Combine(oauthBaseUrl, string.Create(
            CultureInfo.InvariantCulture,
            $"oauth/2.0/token?grant_type=client_credentials&client_id={Uri.EscapeDataString(_credentials.Ak)}&client_secret={Uri.EscapeDataString(_credentials.Sk)}"));
        byte[] body;
        int status;
        string? redirectHost;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                (status, body, redirectHost) = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LlmRequestException(QianfanErrorMapper.Provider, LlmErrorKind.Timeout, null, null, null, null, isTransient: true, innerException: ex, advice: "the access-token exchange timed out");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && attempt < MaxAttempts)
            {
                activity?.AddEvent(new System.Diagnostics.ActivityEvent("retry", tags: new System.Diagnostics.ActivityTagsCollection { [LlmTelemetry.ErrorType] = ex.GetType().FullName }));
                if (_logger.IsEnabled(LogLevel.Information))
                {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
                    Log.TokenExchangeRetry(_logger, instanceName, Redaction.RedactUri(uri), ex.GetType().Name);
#pragma warning restore CA1873
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new LlmRequestException(
                    QianfanErrorMapper.Provider, LlmErrorKind.Network, null, null, null, null, isTransient: true, innerException: ex, advice: $"the access-token exchange could not connect ({ex.GetType().Name}), twice");
            }
        }

        activity?.SetTag("http.response.status_code", status);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
            Log.TokenExchanged(_logger, instanceName, Redaction.RedactUri(uri), status, timeProvider.GetElapsedTime(started).TotalMilliseconds);
#pragma warning restore CA1873
        }

        if (status is >= 300 and < 400)
        {
            // Redirects are never followed: one would carry client_id and client_secret to another host.
            throw new LlmRequestException(
                QianfanErrorMapper.Provider,
                LlmErrorKind.InvalidRequest,
                status,
                null,
                null,
                null,
                isTransient: false,
                advice: redirectHost is null
                    ? $"the access-token exchange answered with a redirect, which is not followed; check 'LlmProviders:{instanceName}:OAuthBaseUrl'"
                    : $"the access-token exchange redirected to host '{redirectHost}', which is not followed (it would carry the credentials there); set 'LlmProviders:{instanceName}:OAuthBaseUrl' to the final address");
        }

        return Parse(status, body);
    }

    /// <summary>Sends the exchange request once and reads the whole answer.</summary>
    private async Task<(int Status, byte[] Body, string? RedirectHost)> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var client = factory.CreateClient(clientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent([]) };
        request.Headers.Accept.Add(new("application/json"));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var host = response.Headers.Location is { IsAbsoluteUri: true } location ? location.Host : null;
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), host);
    }

    /// <summary>Maps an exchange response; <c>error</c> in the body wins over the status (the SDK ignores the status too).</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <returns>The token.</returns>
    /// <exception cref="LlmRequestException">The body holds an error or no token.</exception>
    internal AccessToken Parse(int status, byte[] body)
    {
        QianfanTokenResponse? wire = null;
        try
        {
            wire = JsonSerializer.Deserialize(body, QianfanJsonContext.Default.QianfanTokenResponse);
        }
        catch (JsonException)
        {
            // Handled below: no token.
        }

        if (!string.IsNullOrEmpty(wire?.Error))
        {
            // The vendor's words stay the vendor message; our advice (which setting to check) goes in Message after them.
            throw new LlmRequestException(
                QianfanErrorMapper.Provider,
                LlmErrorKind.Authentication,
                status,
                Redaction.RedactMessage(wire.Error),
                Redaction.RedactMessage(wire.ErrorDescription),
                null,
                isTransient: false,
                advice: Advise(wire));
        }

        if (string.IsNullOrEmpty(wire?.AccessToken))
        {
            var kind = status >= 400 ? Http.ErrorClassification.FromStatus(status) : LlmErrorKind.InvalidResponse;
            throw new LlmRequestException(
                QianfanErrorMapper.Provider, kind, status, null, null, null, isTransient: status >= 500 || status == 429, advice: "the access-token exchange returned no access_token");
        }

        var lifetime = wire.ExpiresIn is long seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
        return new AccessToken(wire.AccessToken, timeProvider.GetUtcNow() + lifetime);
    }

    private string Advise(QianfanTokenResponse wire)
    {
        var description = wire.ErrorDescription ?? string.Empty;
        if (description.Contains("unknown client id", StringComparison.OrdinalIgnoreCase))
        {
            return $"The API Key (AK) is not known to Baidu. Check 'LlmProviders:{instanceName}:ApiKey' or the QIANFAN_AK environment variable: it must be the application's API Key from the Qianfan console.";
        }

        if (description.Contains("authentication failed", StringComparison.OrdinalIgnoreCase))
        {
            return $"The Secret Key (SK) does not match the API Key. Check 'LlmProviders:{instanceName}:SecretKey' or the QIANFAN_SK environment variable.";
        }

        return $"The access-token exchange was refused. Check 'LlmProviders:{instanceName}:ApiKey' and ':SecretKey' (QIANFAN_AK / QIANFAN_SK).";
    }
}
