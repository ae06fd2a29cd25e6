using System.Text.RegularExpressions;

namespace LlmClients.Http;

/// <summary>Removes secrets from anything we log, trace or put in an exception.</summary>
internal static partial class Redaction
{
    /// <summary>Returns a URL without its query string and user info, for logs and messages.</summary>
    /// <param name="uri">The URL.</param>
    /// <returns>The redacted URL text.</returns>
    public static string RedactUri(Uri? uri)
    {
        if (uri is null)
        {
            return string.Empty;
        }

        if (!uri.IsAbsoluteUri)
        {
            var text = uri.OriginalString;
            var q = text.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? text : text[..q] + "?REDACTED";
        }

        var path = uri.GetLeftPart(UriPartial.Path);
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            path = path.Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal);
        }

        return string.IsNullOrEmpty(uri.Query) ? path : path + "?REDACTED";
    }

    /// <summary>Masks things that look like keys or tokens inside a vendor message (vendors sometimes echo them).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message with secrets masked, or null.</returns>
    public static string? RedactMessage(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        message = QueryTokenPattern().Replace(message, "$1=REDACTED");
        message = BearerPattern().Replace(message, "Bearer REDACTED");
        return SecretLikePattern().Replace(message, "REDACTED");
    }

    // access_token=..., client_secret=..., api_key=... in echoed URLs.
    [GeneratedRegex(@"(access_token|client_secret|client_id|api_key|apikey|key|token)=[^&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryTokenPattern();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-\._~\+/=]+", RegexOptions.CultureInvariant)]
    private static partial Regex BearerPattern();

    // sk-..., hf_..., bce-v3/ALTAK-..., JWTs (three base64url parts), Baidu access tokens (24.<hex>.<n>.<n>.<n>-<n>).
    [GeneratedRegex(@"(sk-[A-Za-z0-9\-_]{8,}|\bhf_[A-Za-z0-9]{8,}|bce-v3/[A-Za-z0-9\-/]+|eyJ[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+|\b\d{2}\.[0-9a-f]{32}\.\d+\.\d+\.\d+-\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SecretLikePattern();
}
