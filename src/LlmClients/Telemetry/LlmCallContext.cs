namespace LlmClients.Telemetry;

/// <summary>
/// The model of the call in flight, flowing (as an <see cref="AsyncLocal{T}"/>) from the instance client down to the
/// HTTP handlers and the token exchange, so that their spans, metrics and logs name the model without parsing bodies.
/// </summary>
internal static class LlmCallContext
{
    private static readonly AsyncLocal<string?> CurrentModel = new();
    private static readonly AsyncLocal<TokenCharge?> CurrentCharge = new();
    private static readonly AsyncLocal<Action?> CurrentThrottled = new();

    /// <summary>Gets or sets the requested model of the current call, or null when unknown.</summary>
    public static string? Model
    {
        get => CurrentModel.Value;
        set => CurrentModel.Value = value;
    }

    /// <summary>Gets or sets the token charges of the current chat or embedding call, settled by the instance layer against the usage returned; null outside such a call.</summary>
    public static TokenCharge? Charge
    {
        get => CurrentCharge.Value;
        set => CurrentCharge.Value = value;
    }

    /// <summary>Gets or sets what the retry handler calls when the vendor answers HTTP 429 (the embedding batcher slows down); null when nobody listens.</summary>
    public static Action? Throttled
    {
        get => CurrentThrottled.Value;
        set => CurrentThrottled.Value = value;
    }
}
