using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmClients.Qianfan;

/// <summary>
/// Baidu Cloud request signing (<c>bce-auth-v1</c>), used for the IAM BCE-BEARER token exchange: the signing key is
/// HMAC-SHA256(SK, "bce-auth-v1/{AK}/{UTC timestamp}/{expiration seconds}") in lower-case hex, and the signature is
/// HMAC-SHA256(signing key, "METHOD\nURI\nsorted query\nsorted signed headers"), with RFC 3986 encoding throughout.
/// </summary>
internal static class QianfanBceSigner
{
    /// <summary>How long a signature is valid, in seconds.</summary>
    public const int ExpirationSeconds = 1800;

    /// <summary>Builds the <c>Authorization</c> value for a request signed over <c>host</c> and <c>x-bce-date</c>.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The absolute URL.</param>
    /// <param name="host">The Host header value.</param>
    /// <param name="bceDate">The <c>x-bce-date</c> header value (UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>), also the signing timestamp.</param>
    /// <param name="accessKey">The IAM Access Key (AK).</param>
    /// <param name="secretKey">The IAM Secret Key (SK).</param>
    /// <returns>The header value.</returns>
    public static string Authorization(string method, Uri uri, string host, string bceDate, string accessKey, string secretKey)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"bce-auth-v1/{accessKey}/{bceDate}/{ExpirationSeconds}");
        var signingKey = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(prefix)));
        var canonical = CanonicalRequest(method, uri, host, bceDate);
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.UTF8.GetBytes(canonical)));
        return $"{prefix}/host;x-bce-date/{signature}";
    }

    /// <summary>Builds the canonical request that is signed.</summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The URL.</param>
    /// <param name="host">The Host header value.</param>
    /// <param name="bceDate">The x-bce-date header value.</param>
    /// <returns>The canonical request.</returns>
    public static string CanonicalRequest(string method, Uri uri, string host, string bceDate)
    {
        var path = string.Join('/', uri.AbsolutePath.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
        var query = uri.Query.Length > 1
            ? string.Join('&', uri.Query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => !string.Equals(p[0], "authorization", StringComparison.OrdinalIgnoreCase))
                .Select(p => Uri.EscapeDataString(Uri.UnescapeDataString(p[0])) + "=" + (p.Length > 1 ? Uri.EscapeDataString(Uri.UnescapeDataString(p[1])) : string.Empty))
                .Order(StringComparer.Ordinal))
            : string.Empty;
        var headers = "host:" + Uri.EscapeDataString(host.Trim()) + "\n" + "x-bce-date:" + Uri.EscapeDataString(bceDate.Trim());
        return $"{method.ToUpperInvariant()}\n{path}\n{query}\n{headers}";
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
