using LlmClients.RateLimiting;

namespace LlmClients.Telemetry;

/// <summary>
/// The call in flight (its model and token charges), flowing as one <see cref="AsyncLocal{T}"/> from the instance client
/// down to the HTTP handlers and the token exchange, so that their spans, metrics, logs and rate limits name the model
/// without parsing bodies. One value per call: each write of an <see cref="AsyncLocal{T}"/> costs a new execution context.
/// </summary>
internal static class LlmCallContext
{
    private static readonly AsyncLocal<LlmCall?> CurrentCall = new();
    private static readonly AsyncLocal<Action?> CurrentThrottled = new();

    /// <summary>Gets or sets the current call, or null outside one.</summary>
    public static LlmCall? Current
    {
        get => CurrentCall.Value;
        set => CurrentCall.Value = value;
    }

    /// <summary>Gets the requested model of the current call, or null when unknown.</summary>
    public static string? Model => CurrentCall.Value?.Model;

    /// <summary>Gets the token charges of the current chat or embedding call, settled by the instance layer against the usage returned; null outside such a call.</summary>
    public static TokenCharge? Charge => CurrentCall.Value?.Charge;

    /// <summary>Gets or sets what the retry handler calls when the vendor answers HTTP 429 (the embedding batcher slows down); null when nobody listens.</summary>
    public static Action? Throttled
    {
        get => CurrentThrottled.Value;
        set => CurrentThrottled.Value = value;
    }
}

/// <summary>One call's context: the requested model and its token charges.</summary>
/// <param name="model">The requested model, or null when unknown.</param>
/// <param name="charge">The token charges to settle against the usage returned, or null when nobody settles them.</param>
internal sealed class LlmCall(string? model, TokenCharge? charge)
{
    /// <summary>Gets the requested model, or null when unknown.</summary>
    public string? Model { get; } = model;

    /// <summary>Gets the token charges, or null.</summary>
    public TokenCharge? Charge { get; } = charge;
}
