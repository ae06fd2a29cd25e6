using System.Globalization;
using System.Text.Json;
using LlmClients.Auth;

namespace LlmClients.Qianfan;

/// <summary>
/// Exchanges an IAM Access Key / Secret Key for a v2 bearer token: <c>GET {IamBaseUrl}v1/BCE-BEARER/token?expireInSeconds=N</c>,
/// signed with <c>bce-auth-v1</c>; the answer is <c>{"token":"bce-v3/ALTAK-.../...","expireTime":"...Z",...}</c>. The
/// request goes through its own HttpClient, without the chat client's auth handler; the SK never leaves this process.
/// </summary>
internal sealed class QianfanIamTokenExchange(IHttpClientFactory factory, string clientName, Uri iamBaseUrl, string accessKey, string secretKey, TimeSpan lifetime, string instanceName, TimeProvider timeProvider)
{
    /// <summary>Runs one exchange.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The token and its expiry.</returns>
    /// <exception cref="LlmRequestException">The credentials were rejected (kind Authentication), or the exchange failed.</exception>
    public async Task<AccessToken> ExchangeAsync(CancellationToken cancellationToken)
    {
        var seconds = (long)Math.Clamp(lifetime.TotalSeconds, 300, 2592000);
        var uri = new Uri(iamBaseUrl, string.Create(CultureInfo.InvariantCulture, $"v1/BCE-BEARER/token?expireInSeconds={seconds}"));
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var date = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("x-bce-date", date);
        request.Headers.TryAddWithoutValidation("Authorization", QianfanBceSigner.Authorization("GET", uri, host, date, accessKey, secretKey));
        int status;
        byte[] body;
        try
        {
            using var client = factory.CreateClient(clientName);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmRequestException(QianfanErrorMapper.Provider, LlmErrorKind.Timeout, null, null, null, null, isTransient: true, innerException: ex, advice: "the IAM bearer-token exchange timed out");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new LlmRequestException(QianfanErrorMapper.Provider, LlmErrorKind.Network, null, null, null, null, isTransient: true, innerException: ex, advice: $"the IAM bearer-token exchange could not connect ({ex.GetType().Name})");
        }

        return Parse(status, body);
    }

    /// <summary>Maps an exchange answer.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <returns>The token.</returns>
    /// <exception cref="LlmRequestException">The answer is an error or holds no token.</exception>
    internal AccessToken Parse(int status, byte[] body)
    {
        QianfanIamTokenResponse? wire = null;
        try
        {
            wire = JsonSerializer.Deserialize(body, QianfanJsonContext.Default.QianfanIamTokenResponse);
        }
        catch (JsonException)
        {
            // Handled below: no token.
        }

        if (status >= 400 || string.IsNullOrEmpty(wire?.Token))
        {
            var kind = status is 401 or 403 ? LlmErrorKind.Authentication : status >= 400 ? ErrorClassification.FromStatus(status) : LlmErrorKind.InvalidResponse;
            var advice = kind == LlmErrorKind.Authentication
                ? $"the IAM Access Key / Secret Key were refused. Check 'LlmProviders:{instanceName}:IamAccessKey' and ':IamSecretKey' (QIANFAN_ACCESS_KEY / QIANFAN_SECRET_KEY): they are the account's IAM keys from the Baidu Cloud console, not the application's API Key"
                : "the IAM bearer-token exchange returned no token";
            var vendorMessage = string.IsNullOrWhiteSpace(wire?.Message) ? null : Redaction.RedactMessage(wire.Message);
            throw new LlmRequestException(QianfanErrorMapper.Provider, kind, status, wire?.Code, vendorMessage, wire?.RequestId, isTransient: status >= 500 || status == 429, advice: advice);
        }

        var expires = DateTimeOffset.TryParse(wire.ExpireTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : timeProvider.GetUtcNow() + TimeSpan.FromSeconds(Math.Clamp(lifetime.TotalSeconds, 300, 2592000));
        return new AccessToken(wire.Token, expires);
    }
}
