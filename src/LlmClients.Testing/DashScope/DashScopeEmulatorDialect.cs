namespace LlmClients.Testing.DashScope;

/// <summary>
/// The native DashScope dialect: flat <c>{"code","message"}</c> error bodies (request id in <c>X-Request-ID</c>),
/// no stream terminator, and <c>event:error</c> frames with a <c>:HTTP_STATUS/NNN</c> comment.
/// </summary>
internal sealed class DashScopeEmulatorDialect : IEmulatorVendorDialect
{
    public static DashScopeEmulatorDialect Instance { get; } = new();

    public string RequestIdHeader => "X-Request-ID";

    public string? StreamTerminator => null;

    public string ErrorBody(int status, string? code, string message) => EmulatorJson.Serialize(Error(code ?? CodeFor(status), message, requestId: null));

    public string StreamError(string? code, string message) => ErrorFrame(500, code ?? "InternalError", message, requestId: null);

    public static JsonObject Error(string code, string message, string? requestId)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (requestId is not null)
        {
            error["request_id"] = requestId;
        }

        return error;
    }

    public static string ErrorFrame(int status, string code, string message, string? requestId) =>
        $"event:error\n:HTTP_STATUS/{status}\ndata:{EmulatorJson.Serialize(Error(code, message, requestId))}\n\n";

    public static string CodeFor(int status) => status switch
    {
        401 => "InvalidApiKey",
        403 => "AccessDenied",
        404 => "ModelNotFound",
        408 => "RequestTimeOut",
        413 => "BadRequest.TooLarge",
        429 => "Throttling.RateQuota",
        503 => "ModelUnavailable",
        >= 500 => "InternalError",
        _ => "InvalidParameter",
    };
}
