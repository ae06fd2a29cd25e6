namespace LlmClients.Testing.Spark;

/// <summary>
/// Spark's spelling of errors and stream framing. Chat: <c>{"code":..,"message":..,"sid":..}</c> bodies and chunks,
/// <c>data:{...}</c> lines without the space and <c>data:[DONE]</c> at the end; the gateway's auth failure is OpenAI-shaped.
/// Embeddings: the same fields inside <c>header</c>.
/// </summary>
internal sealed class SparkEmulatorDialect(bool embeddings) : IEmulatorVendorDialect
{
    public static SparkEmulatorDialect Chat { get; } = new(embeddings: false);

    public static SparkEmulatorDialect Embeddings { get; } = new(embeddings: true);

    /// <inheritdoc />
    public string DataPrefix => "data:";

    /// <inheritdoc />
    public string? StreamTerminator => "data:[DONE]\n\n";

    /// <summary>Returns the vendor's message for a code (websdk-java <c>sparkchat.md</c>).</summary>
    public static string MessageFor(int code) => code switch
    {
        10007 => "用户流量受限：服务正在处理用户当前的问题，需等待处理完成后再发送新的请求。",
        10013 => "输入内容审核不通过，涉嫌违规，请重新调整输入内容",
        10014 => "输出内容涉及敏感信息，审核不通过，后续结果无法展示给用户",
        10019 => "表示本次会话内容有涉及违规信息的倾向",
        10907 => "token数量超过上限。对话历史+问题的字数太多，需要精简输入",
        11200 => "AppIdNoAuthError:(12:17:04.432) tokens.total",
        11201 => "授权错误：日流控超限。超过当日最大访问量的限制",
        11202 => "授权错误：秒级流控超限。秒级并发超过授权路数限制",
        11203 => "授权错误：并发流控超限。并发路数超过授权路数限制",
        10110 => "服务忙，请稍后再试",
        10163 => "请求参数错误",
        _ => "emulated error " + code,
    };

    /// <summary>Returns the Spark code the emulator uses for an HTTP error status.</summary>
    public static int CodeFor(int status) => status switch
    {
        429 => 11202,
        >= 500 => 10110,
        _ => 10163,
    };

    /// <summary>Returns a chat body <c>{"code","message","sid"}</c>.</summary>
    public static JsonObject ChatBody(int code, string message, string sid) => new() { ["code"] = code, ["message"] = message, ["sid"] = sid };

    /// <summary>Returns an embedding body <c>{"header":{"code","message","sid"}}</c>.</summary>
    public static JsonObject EmbeddingBody(int code, string message, string sid) => new() { ["header"] = ChatBody(code, message, sid) };

    /// <summary>Returns the gateway's auth failure: <c>{"error":{"message":"invalid user","type":"api_error",...}}</c>.</summary>
    public static string AuthError() => EmulatorJson.Serialize(new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = "invalid user", ["type"] = "api_error", ["param"] = null, ["code"] = null },
    });

    /// <inheritdoc />
    public string ErrorBody(int status, string? code, string message)
    {
        if (status == 401 && code is null)
        {
            return embeddings ? EmulatorJson.Serialize(new JsonObject { ["message"] = "HMAC signature cannot be verified" }) : AuthError();
        }

        var n = int.TryParse(code, out var parsed) ? parsed : CodeFor(status);
        return EmulatorJson.Serialize(embeddings ? EmbeddingBody(n, message, "emu-error") : ChatBody(n, message, "emu-error"));
    }

    /// <inheritdoc />
    public string StreamError(string? code, string message)
        => $"data:{EmulatorJson.Serialize(ChatBody(int.TryParse(code, out var n) ? n : 10110, message, "emu-error"))}\n\n";
}
