using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace LlmClients.Http;

/// <summary>Removes secrets from anything we log, trace or put in an exception.</summary>
internal static partial class Redaction
{
    /// <summary>Values shorter than this are not redacted by value (they would mask ordinary words); the patterns still apply.</summary>
    internal const int MinSecretLength = 6;

    // Each owner (an instance's options, a token cache) holds its current secrets; a refresh replaces them, and an owner that
    // is collected takes its secrets along, so the set stays as small as the live instances.
    private static readonly ConditionalWeakTable<object, string[]> KnownSecrets = new();

    /// <summary>
    /// Records the secrets an owner holds now (configured keys and secrets, the current access token), replacing what it held
    /// before. Every message redacted afterwards has them masked by value, whatever their shape (a Zhipu <c>id.secret</c>, an
    /// unprefixed Qianfan access token), before the pattern redaction runs as a second net.
    /// </summary>
    /// <param name="owner">The owner (kept weakly).</param>
    /// <param name="secrets">The secret values; blank and very short values are ignored.</param>
    public static void Remember(object owner, params IEnumerable<string?> secrets)
    {
        var values = new List<string>();
        foreach (var secret in secrets)
        {
            if (secret is null || secret.Trim().Length < MinSecretLength)
            {
                continue;
            }

            values.Add(secret.Trim());
            var escaped = Uri.EscapeDataString(secret.Trim());
            if (!string.Equals(escaped, secret.Trim(), StringComparison.Ordinal))
            {
                values.Add(escaped);
            }
        }

        KnownSecrets.AddOrUpdate(owner, [.. values]);
    }

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

        // Longest first, so a whole key is masked before a part of it (the secret half of a Zhipu key) could split it.
        var known = new List<string>();
        foreach (var (_, secrets) in KnownSecrets)
        {
            known.AddRange(secrets);
        }

        known.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        foreach (var secret in known)
        {
            message = message.Replace(secret, "REDACTED", StringComparison.Ordinal);
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
