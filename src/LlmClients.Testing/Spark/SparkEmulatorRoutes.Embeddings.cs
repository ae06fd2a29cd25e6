using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LlmClients.Testing.Spark;

/// <summary>
/// <c>POST emb/</c>, the signed-URL embedding endpoint, checking what the real gateway checks: the <c>authorization</c>,
/// <c>date</c> and <c>host</c> query parameters, the <c>host</c> matching the request's, the date within 300 seconds of the
/// emulator's clock (else 403), the APIKey and the HMAC-SHA256 signature over <c>host</c>, <c>date</c> and the request line
/// (else 401, with the gateway's bare <c>{"message": ...}</c>). Then the body: <c>header.app_id</c>, <c>parameter.emb.domain</c>
/// <c>para</c> or <c>query</c>, and one Base64 text. The answer is <see cref="EmulatorReplies.Embedding"/> of the text at 2560
/// dimensions, as Base64 of little-endian float32, in <c>payload.feature.text</c>.
/// </summary>
internal static partial class SparkEmulatorRoutes
{
    /// <summary>The size of Spark's vectors.</summary>
    public const int EmbeddingDimensions = 2560;

    private static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(300);

    private static async Task HandleEmbeddingAsync(HttpContext context, EmulatorState state)
    {
        var sid = string.Create(CultureInfo.InvariantCulture, $"emb{state.NextResponseId():x8}@dxemulator");
        var spark = SparkEmulator.Of(state);
        if (CheckSignature(context, state, spark) is { } rejection)
        {
            await EmulatorResponses.WriteRawAsync(context, rejection.Status, EmulatorJson.Serialize(new JsonObject { ["message"] = rejection.Message })).ConfigureAwait(false);
            return;
        }

        var body = EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body);
        if (body?["header"] is not JsonObject header || EmulatorJson.GetString(header, "app_id") is not { } appId)
        {
            await WriteEmbeddingCodeAsync(context, 10163, "header.app_id is required", sid).ConfigureAwait(false);
            return;
        }

        if (appId != spark.AppId)
        {
            await WriteEmbeddingCodeAsync(context, 11200, "AppIdNoAuthError: app_id does not match the api_key", sid).ConfigureAwait(false);
            return;
        }

        var domain = body["parameter"]?["emb"]?["domain"] is JsonValue d ? EmulatorJson.AsString(d) : null;
        if (domain is not ("para" or "query"))
        {
            await WriteEmbeddingCodeAsync(context, 10163, $"parameter.emb.domain must be para or query, not '{domain}'", sid).ConfigureAwait(false);
            return;
        }

        if (EmbeddingText(body) is not { Length: > 0 } text)
        {
            await WriteEmbeddingCodeAsync(context, 10163, "payload.messages.text must be Base64 of {\"messages\":[{\"content\":\"...\",\"role\":\"user\"}]} with one text", sid).ConfigureAwait(false);
            return;
        }

        if (SparkEmulatorMarkers.Find(text, "error") is { } code)
        {
            await WriteEmbeddingCodeAsync(context, code, SparkEmulatorDialect.MessageFor(code), sid).ConfigureAwait(false);
            return;
        }

        var vector = EmulatorReplies.Embedding(text, EmbeddingDimensions);
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        var response = new JsonObject
        {
            ["header"] = new JsonObject { ["code"] = 0, ["message"] = "success", ["sid"] = sid },
            ["payload"] = new JsonObject
            {
                ["feature"] = new JsonObject { ["encoding"] = "utf8", ["seq"] = "0", ["status"] = "2", ["text"] = Convert.ToBase64String(bytes) },
            },
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static Task WriteEmbeddingCodeAsync(HttpContext context, int code, string message, string sid) =>
        EmulatorResponses.WriteRawAsync(context, StatusCodes.Status200OK, EmulatorJson.Serialize(SparkEmulatorDialect.EmbeddingBody(code, message, sid)));

    /// <summary>Returns the gateway's rejection (status and message), or null when the signed URL is valid.</summary>
    private static (int Status, string Message)? CheckSignature(HttpContext context, EmulatorState state, SparkEmulator spark)
    {
        var query = context.Request.Query;
        string authorization = query["authorization"].ToString(), date = query["date"].ToString(), host = query["host"].ToString();
        if (authorization.Length == 0 || date.Length == 0 || host.Length == 0)
        {
            return (401, "Unauthorized");
        }

        if (!DateTimeOffset.TryParseExact(date, ["r", "ddd, dd MMM yyyy HH:mm:ss 'UTC'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (state.Options.TimeProvider.GetUtcNow() - signedAt).Duration() > MaxSkew)
        {
            return (403, "HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication");
        }

        if (!string.Equals(host, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return (401, "HMAC signature cannot be verified");
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization));
        }
        catch (FormatException)
        {
            return (401, "HMAC signature cannot be verified");
        }

        var fields = AuthorizationField().Matches(decoded).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        if (!fields.TryGetValue("api_key", out var apiKey) || apiKey != spark.AppKey
            || !fields.TryGetValue("algorithm", out var algorithm) || algorithm != "hmac-sha256"
            || !fields.TryGetValue("headers", out var headers) || headers != "host date request-line"
            || !fields.TryGetValue("signature", out var signature))
        {
            return (401, "HMAC signature cannot be verified");
        }

        var origin = $"host: {host}\ndate: {date}\n{context.Request.Method} {context.Request.Path} HTTP/1.1";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(spark.AppSecret), Encoding.UTF8.GetBytes(origin)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : (401, "HMAC signature does not match");
    }

    private static string? EmbeddingText(JsonObject body)
    {
        if (body["payload"]?["messages"]?["text"] is not JsonValue value || EmulatorJson.AsString(value) is not { } base64)
        {
            return null;
        }

        try
        {
            var inner = JsonNode.Parse(Convert.FromBase64String(base64)) as JsonObject;
            return inner?["messages"] is JsonArray { Count: 1 } messages && messages[0] is JsonObject message ? EmulatorJson.GetString(message, "content") : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(\w+)=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationField();
}
