namespace LlmClients.Testing.HuggingFace;

/// <summary>
/// Hugging Face's spelling of errors: TEI's <c>{"error": "...", "error_type": "Validation"}</c> (PascalCase types), also used
/// for the router's faults. There are no streams.
/// </summary>
internal sealed class HuggingFaceEmulatorDialect : IEmulatorVendorDialect
{
    public static HuggingFaceEmulatorDialect Instance { get; } = new();

    /// <inheritdoc />
    public string? StreamTerminator => null;

    /// <inheritdoc />
    public string ErrorBody(int status, string? code, string message) => Body(message, code ?? TypeFor(status));

    /// <inheritdoc />
    public string StreamError(string? code, string message) => $"data: {Body(message, code ?? "Backend")}\n\n";

    /// <summary>Returns <c>{"error": message, "error_type": type}</c>.</summary>
    public static string Body(string message, string type) =>
        EmulatorJson.Serialize(new JsonObject { ["error"] = message, ["error_type"] = type });

    private static string TypeFor(int status) => status switch
    {
        400 => "Empty",
        413 or 422 => "Validation",
        424 => "Backend",
        429 => "Overloaded",
        503 => "Unhealthy",
        _ => "Backend",
    };
}
