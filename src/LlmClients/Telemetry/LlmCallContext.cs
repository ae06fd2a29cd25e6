namespace LlmClients.Telemetry;

/// <summary>
/// The model of the call in flight, flowing (as an <see cref="AsyncLocal{T}"/>) from the instance client down to the
/// HTTP handlers and the token exchange, so that their spans, metrics and logs name the model without parsing bodies.
/// </summary>
internal static class LlmCallContext
{
    private static readonly AsyncLocal<string?> CurrentModel = new();

    /// <summary>Gets or sets the requested model of the current call, or null when unknown.</summary>
    public static string? Model
    {
        get => CurrentModel.Value;
        set => CurrentModel.Value = value;
    }
}
