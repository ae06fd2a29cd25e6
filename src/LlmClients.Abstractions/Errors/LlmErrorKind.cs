namespace LlmClients;

/// <summary>The provider-neutral kind of a vendor error. Unknown values are preserved.</summary>
public readonly record struct LlmErrorKind
{
    /// <summary>Gets the kind for a bad or missing key or token.</summary>
    public static LlmErrorKind Authentication { get; } = new("authentication");

    /// <summary>Gets the kind for a valid key without permission for the resource.</summary>
    public static LlmErrorKind PermissionDenied { get; } = new("permission_denied");

    /// <summary>Gets the kind for throttling; usually transient.</summary>
    public static LlmErrorKind RateLimited { get; } = new("rate_limited");

    /// <summary>Gets the kind for arrears, an exhausted quota or a daily limit; not transient.</summary>
    public static LlmErrorKind QuotaExhausted { get; } = new("quota_exhausted");

    /// <summary>Gets the kind for input or output blocked by content moderation; never retried.</summary>
    public static LlmErrorKind ContentFiltered { get; } = new("content_filtered");

    /// <summary>Gets the kind for a prompt longer than the model's context.</summary>
    public static LlmErrorKind ContextTooLong { get; } = new("context_too_long");

    /// <summary>Gets the kind for a request the vendor rejected as invalid.</summary>
    public static LlmErrorKind InvalidRequest { get; } = new("invalid_request");

    /// <summary>Gets the kind for an unknown model, file or task.</summary>
    public static LlmErrorKind NotFound { get; } = new("not_found");

    /// <summary>Gets the kind for a vendor-side failure; usually transient.</summary>
    public static LlmErrorKind ServerError { get; } = new("server_error");

    /// <summary>Gets the kind for one of our time budgets elapsing (whole call, first byte, stream idle).</summary>
    public static LlmErrorKind Timeout { get; } = new("timeout");

    /// <summary>Gets the kind for a transport failure (connection reset, DNS, TLS).</summary>
    public static LlmErrorKind Network { get; } = new("network");

    /// <summary>Gets the kind for a response we could not understand.</summary>
    public static LlmErrorKind InvalidResponse { get; } = new("invalid_response");

    /// <summary>Gets the kind for anything else.</summary>
    public static LlmErrorKind Unknown { get; } = new("unknown");

    /// <summary>Initializes a kind with the given value.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public LlmErrorKind(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the snake_case name (<c>"rate_limited"</c>, <c>"timeout"</c>...), as the failed-call log writes it; <c>default</c> reads as <c>"unknown"</c>.</summary>
    public string Value => field ?? "unknown";

    /// <inheritdoc />
    public bool Equals(LlmErrorKind other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
