namespace LlmClients.Testing.Zhipu;

/// <summary>
/// Zhipu's spelling of errors and stream framing: <c>{"error":{"code":"1301","message":"..."}}</c> with string codes,
/// <c>data: {"error":{...}}</c> in streams, <c>data: [DONE]</c> at the end.
/// </summary>
internal sealed class ZhipuEmulatorDialect : IEmulatorVendorDialect
{
    public static ZhipuEmulatorDialect Instance { get; } = new();

    /// <summary>Returns the HTTP status Zhipu answers a code with (observed in public code and tests; the full table is undocumented).</summary>
    public static int StatusFor(string code) => int.TryParse(code, out var n) ? n switch
    {
        >= 1000 and <= 1004 => 401,
        1113 or 1302 or 1303 or 1304 or 1305 => 429,
        1214 => 404,
        500 or 1234 => 500,
        _ => 400,
    } : 400;

    /// <summary>Returns the vendor's message for a code.</summary>
    public static string MessageFor(string code) => code switch
    {
        "1001" => "Header中未收到Authorization参数，无法进行身份验证。",
        "1002" => "Authorization Token非法，请确认Authorization Token正确传递。",
        "1003" => "Authorization Token已过期。",
        "1113" => "[1113][余额不足或无可用资源包,请充值。]",
        "1261" => "Prompt 超长",
        "1301" => "系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。",
        "1302" => "您当前使用该API的并发数过高，请降低并发，或联系客服增加限额。",
        "1305" => "当前API请求过多，请稍后重试。",
        _ => "emulated error " + code,
    };

    /// <inheritdoc />
    public string ErrorBody(int status, string? code, string message) => Body(code ?? CodeFor(status), message);

    /// <inheritdoc />
    public string StreamError(string? code, string message) => $"data: {Body(code ?? "500", message)}\n\n";

    /// <summary>Returns <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
    public static string Body(string code, string message) =>
        EmulatorJson.Serialize(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static string CodeFor(int status) => status switch
    {
        401 => "1002",
        404 => "1214",
        429 => "1302",
        >= 500 => "500",
        _ => "1210",
    };
}
