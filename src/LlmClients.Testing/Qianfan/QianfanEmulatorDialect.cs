namespace LlmClients.Testing.Qianfan;

/// <summary>
/// Qianfan v1's spelling of errors: <c>{"error_code":&lt;int&gt;,"error_msg":"...","id":"as-..."}</c>, the
/// <c>X-Baidu-Request-Id</c> header, and streams that end after the <c>is_end:true</c> event with no terminator.
/// </summary>
internal sealed class QianfanEmulatorDialect : IEmulatorVendorDialect
{
    public static QianfanEmulatorDialect Instance { get; } = new();

    /// <inheritdoc />
    public string RequestIdHeader => "X-Baidu-Request-Id";

    /// <inheritdoc />
    public string? StreamTerminator => null;

    /// <summary>Returns a v1 error body.</summary>
    public static string Body(int errorCode, string message) => EmulatorJson.Serialize(new JsonObject
    {
        ["error_code"] = errorCode,
        ["error_msg"] = message,
        ["id"] = "as-emuerror",
    });

    /// <inheritdoc />
    public string ErrorBody(int status, string? code, string message) => Body(Code(status, code), message);

    /// <inheritdoc />
    public string StreamError(string? code, string message) => $"data: {Body(Code(500, code), message)}\n\n";

    private static int Code(int status, string? code) =>
        int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : status switch
        {
            401 => 110,
            403 => 6,
            404 => 3,
            429 => 18,
            >= 500 => 336000,
            _ => 336001,
        };
}
