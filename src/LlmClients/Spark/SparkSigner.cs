using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmClients.Spark;

/// <summary>
/// iFlytek's signed-URL authentication (通用鉴权URL生成说明), used by the embedding API (and the WebSocket chat): the URL
/// carries <c>authorization</c>, <c>date</c> and <c>host</c>. The API secret only ever keys the HMAC; it is never sent.
/// </summary>
internal static class SparkSigner
{
    /// <summary>The most the signed <c>date</c> may differ from the server's clock: 300 seconds.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(300);

    /// <summary>Formats a time the way the signature takes it: RFC 1123, for example <c>Fri, 05 May 2023 10:43:39 GMT</c>.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The date text.</returns>
    public static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>
    /// Computes <c>Base64(HMAC-SHA256(key: apiSecret, data: "host: {host}\ndate: {date}\n{method} {path} HTTP/1.1"))</c>.
    /// </summary>
    /// <param name="apiSecret">The APISecret (its UTF-8 bytes are the key).</param>
    /// <param name="host">The host, without port when it is the default one.</param>
    /// <param name="date">The RFC 1123 date.</param>
    /// <param name="method">The HTTP method (<c>POST</c> for embeddings).</param>
    /// <param name="path">The request path (<c>/</c> for embeddings).</param>
    /// <returns>The Base64 signature.</returns>
    public static string Signature(string apiSecret, string host, string date, string method, string path)
    {
        var origin = $"host: {host}\ndate: {date}\n{method} {path} HTTP/1.1";
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.UTF8.GetBytes(origin)));
    }

    /// <summary>
    /// Builds the <c>authorization</c> value: Base64 of
    /// <c>api_key="{apiKey}", algorithm="hmac-sha256", headers="host date request-line", signature="{signature}"</c>
    /// (the official SDKs' form; the separators are exactly <c>", "</c>).
    /// </summary>
    /// <param name="apiKey">The APIKey.</param>
    /// <param name="signature">The Base64 signature.</param>
    /// <returns>The Base64 authorization.</returns>
    public static string Authorization(string apiKey, string signature)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"api_key=\"{apiKey}\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\"{signature}\""));

    /// <summary>Returns <paramref name="url"/> (its query replaced) with the signed <c>authorization</c>, <c>date</c> and <c>host</c> parameters, each URL-encoded.</summary>
    /// <param name="url">The absolute endpoint URL; any query it has is dropped (a retry re-signs the same request).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="apiKey">The APIKey.</param>
    /// <param name="apiSecret">The APISecret.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The signed URL.</returns>
    public static Uri SignUrl(Uri url, string method, string apiKey, string apiSecret, DateTimeOffset now)
    {
        var host = HostOf(url);
        var date = FormatDate(now);
        var authorization = Authorization(apiKey, Signature(apiSecret, host, date, method, url.AbsolutePath));
        var query = $"authorization={Uri.EscapeDataString(authorization)}&date={Uri.EscapeDataString(date)}&host={Uri.EscapeDataString(host)}";
        return new UriBuilder(url) { Query = query }.Uri;
    }

    /// <summary>Gets the host as the <c>Host</c> header carries it (with the port only when it is not the scheme's default).</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns>The host.</returns>
    public static string HostOf(Uri url) => url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
}
