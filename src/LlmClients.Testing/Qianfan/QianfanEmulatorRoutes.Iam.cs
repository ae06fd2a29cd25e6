using System.Security.Cryptography;

namespace LlmClients.Testing.Qianfan;

/// <summary>
/// <c>GET /v1/BCE-BEARER/token?expireInSeconds=N</c>: verifies the <c>bce-auth-v1</c> signature (over <c>host</c> and
/// <c>x-bce-date</c>) with <see cref="QianfanEmulator.IamSecretKey"/> and answers <c>{"userId","token","status","createTime","expireTime"}</c>;
/// a bad or missing signature gets 401 <c>{"requestId","code":"SignatureDoesNotMatch"|"AccessDenied","message"}</c>.
/// </summary>
internal static partial class QianfanEmulatorRoutes
{
    private static async Task HandleIamTokenAsync(HttpContext context, QianfanEmulator control)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var date = context.Request.Headers["x-bce-date"].ToString();
        var parts = authorization.Split('/');
        if (parts.Length != 6 || parts[0] != "bce-auth-v1" || date.Length == 0 || parts[2] != date)
        {
            await WriteIamErrorAsync(context, "AccessDenied", "Access denied: a bce-auth-v1 Authorization and an x-bce-date header are required.").ConfigureAwait(false);
            return;
        }

        var prefix = string.Join('/', parts[..4]);
        var signingKey = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(QianfanEmulator.IamSecretKey), Encoding.UTF8.GetBytes(prefix)));
        var query = string.Join('&', context.Request.Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString())));
        var canonical = $"GET\n{string.Join('/', (context.Request.Path.Value ?? "/").Split('/').Select(Uri.EscapeDataString))}\n{query}\nhost:{Uri.EscapeDataString(context.Request.Host.Value ?? "")}\nx-bce-date:{Uri.EscapeDataString(date)}";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.UTF8.GetBytes(canonical)));
        if (parts[4] != "host;x-bce-date" || parts[5] != expected || parts[1] == control.State.Options.RejectedApiKey)
        {
            await WriteIamErrorAsync(context, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.").ConfigureAwait(false);
            return;
        }

        var seconds = long.TryParse(context.Request.Query["expireInSeconds"], CultureInfo.InvariantCulture, out var s) ? s : 1800;
        var now = control.State.Options.TimeProvider.GetUtcNow();
        var n = control.CountIamToken();
        var body = new JsonObject
        {
            ["userId"] = "emulator-user",
            ["token"] = string.Create(CultureInfo.InvariantCulture, $"bce-v3/ALTAK-emulator{n}/iam{n:D6}"),
            ["status"] = "enable",
            ["createTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["expireTime"] = now.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(body)).ConfigureAwait(false);
    }

    private static Task WriteIamErrorAsync(HttpContext context, string code, string message)
        => EmulatorResponses.WriteRawAsync(context, 401, EmulatorJson.Serialize(new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["code"] = code, ["message"] = message }));
}
