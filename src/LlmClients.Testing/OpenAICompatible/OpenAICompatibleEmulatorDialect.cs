namespace LlmClients.Testing.OpenAICompatible;

/// <summary>
/// OpenAI's spelling of errors and stream framing: <c>{"error":{message,type,param,code}}</c> bodies,
/// <c>data: {"error":{...}}</c> in streams, <c>data: [DONE]</c> at the end, <c>x-request-id</c>.
/// </summary>
internal sealed class OpenAICompatibleEmulatorDialect : IEmulatorVendorDialect
{
    public static OpenAICompatibleEmulatorDialect Instance { get; } = new();

    /// <inheritdoc />
    public string ErrorBody(int status, string? code, string message) => ErrorBody(status, code, message, param: null);

    /// <summary>Returns an error body with an explicit <c>param</c>.</summary>
    public static string ErrorBody(int status, string? code, string message, string? param) =>
        EmulatorJson.Serialize(Error(TypeFor(status), code ?? CodeFor(status), message, param));

    /// <inheritdoc />
    public string StreamError(string? code, string message) =>
        $"data: {EmulatorJson.Serialize(Error("server_error", code ?? "server_error", message, param: null))}\n\n";

    private static JsonObject Error(string type, string? code, string message, string? param) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["param"] = param,
            ["code"] = code,
        },
    };

    private static string TypeFor(int status) => status switch
    {
        429 => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string? CodeFor(int status) => status switch
    {
        401 => "invalid_api_key",
        429 => "rate_limit_exceeded",
        _ => null,
    };
}
