namespace LlmClients.Resilience;

/// <summary>Retry and timeout settings of one provider instance. Every default is sized for LLM calls.</summary>
public sealed class LlmResilienceOptions
{
    /// <summary>Gets or sets how many times a failed attempt is retried. The default is 3; 0 turns retry off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; later ones grow exponentially, with jitter. The default is 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest backoff delay. The default is 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the cap on a vendor's <c>Retry-After</c>; a longer wait is not retried but thrown. The default is 60 seconds.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the budget for a whole non-streaming call, retries included. The default is 10 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the budget for one attempt to receive response headers (time to first byte). Non-streaming
    /// calls generate the whole answer before the headers, so this is generous. The default is 5 minutes.
    /// </summary>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the longest silence allowed between two streamed events. The default is 2 minutes.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the largest non-streaming response body read, in bytes, counted after decompression (so a gzip bomb stops
    /// here too). A larger body fails the call with <see cref="LlmErrorKind.InvalidResponse"/> instead of growing memory without
    /// bound. The default is 64 MiB (67108864), room for a full batch of large float embeddings; must be positive.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest error body read, in bytes (after decompression). Error envelopes are a few hundred bytes; a longer
    /// body (or one that is not complete within <see cref="FirstByteTimeout"/>) is not read further and the error is typed by its
    /// HTTP status alone. The default is 1 MiB (1048576); must be positive.
    /// </summary>
    public long MaxErrorBodyBytes { get; set; } = 1024 * 1024;
}
