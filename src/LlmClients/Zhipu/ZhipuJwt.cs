using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmClients.Auth;

namespace LlmClients.Zhipu;

/// <summary>Mints Zhipu's legacy HS256 JWTs from a <c>{id}.{secret}</c> API key.</summary>
internal static class ZhipuJwt
{
    /// <summary>The message for a key that cannot be split; it never contains the key.</summary>
    public const string KeyFormatMessage =
        "Zhipu JWT mode needs an API key of the form '{id}.{secret}' (exactly one '.'), but the configured key has no secret part. "
        + "Copy the whole key from https://open.bigmodel.cn/usercenter/apikeys, or set AuthMode to Bearer to send the key as it is.";

    /// <summary>Says whether a key can be split into a non-empty id and secret.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>True when JWT mode can use it.</returns>
    public static bool IsValidKey(string? apiKey) => TrySplit(apiKey, out _, out _);

    /// <summary>Signs a token valid from <paramref name="now"/> for <paramref name="timeToLive"/>.</summary>
    /// <param name="apiKey">The <c>{id}.{secret}</c> key.</param>
    /// <param name="now">The current time.</param>
    /// <param name="timeToLive">The lifetime.</param>
    /// <returns>The token and its expiry.</returns>
    /// <exception cref="InvalidOperationException">The key has no secret part.</exception>
    public static AccessToken Create(string? apiKey, DateTimeOffset now, TimeSpan timeToLive)
    {
        if (!TrySplit(apiKey, out var id, out var secret))
        {
            throw new InvalidOperationException(KeyFormatMessage);
        }

        // Quirk: Zhipu's header carries "sign_type":"SIGN", and exp/timestamp are in MILLISECONDS, not RFC 7519 seconds.
        // https://github.com/MetaGLM/zhipuai-sdk-python-v4/blob/main/zhipuai/core/_jwt_token.py
        var expires = now + timeToLive;
        var header = Base64Url.EncodeToString("""{"alg":"HS256","sign_type":"SIGN"}"""u8);
        var payload = Base64Url.EncodeToString(Payload(id, expires.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds()));
        var signingInput = header + "." + payload;
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return new AccessToken(signingInput + "." + Base64Url.EncodeToString(signature), expires);
    }

    private static byte[] Payload(string id, long expMilliseconds, long timestampMilliseconds)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("api_key", id);
            writer.WriteNumber("exp", expMilliseconds);
            writer.WriteNumber("timestamp", timestampMilliseconds);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool TrySplit(string? apiKey, out string id, out string secret)
    {
        id = secret = string.Empty;
        var parts = apiKey?.Trim().Split('.');
        if (parts is not [{ Length: > 0 } first, { Length: > 0 } second])
        {
            return false;
        }

        (id, secret) = (first, second);
        return true;
    }
}
