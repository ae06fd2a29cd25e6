namespace LlmClients.RateLimiting;

/// <summary>
/// Client-side limits of one provider instance (<c>LlmProviders:&lt;name&gt;:Limits</c>): requests per minute, tokens per
/// minute and concurrent requests, for the whole instance and, in <see cref="Models"/>, per model. A call that would break a
/// limit waits in a queue (cancellable, at most <see cref="MaxQueueWait"/>, at most <see cref="QueueLimit"/> waiters) instead
/// of provoking the vendor's HTTP 429; past either bound it fails with <see cref="LlmRequestException"/> of kind
/// <see cref="LlmErrorKind.RateLimited"/> (transient, no HTTP status, before any network call). Every limit is off (null)
/// by default. With <c>UseRedis(...)</c> (package LlmClients.Redis) the per-minute limits are shared by every process that
/// configures an instance of the same name; concurrency is always per process.
/// </summary>
/// <remarks>
/// The limits apply to each HTTP request of the instance before its retries (a retried attempt reuses its permit):
/// chat (streaming or not), embeddings (each part of a split batch is one request), and vendor-only calls (files, tasks).
/// A stream holds its concurrency permit until it ends or is disposed. Tokens are estimated before the call from the
/// request body (one token per 3 UTF-8 bytes: about right for Chinese, generous for English) and corrected by the usage
/// the vendor returns; only chat and embedding calls are charged tokens.
/// </remarks>
public sealed class LlmRateLimitOptions
{
    /// <summary>Gets or sets the most requests the instance starts in any 60-second window (a sliding window). Null (the default) is no limit; must be at least 1 when set.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the most tokens (input plus output, as the vendor reports usage) the instance spends in any 60-second window. Null (the default) is no limit; must be at least 1 when set.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets the most requests of the instance in flight at once in this process (a stream counts until it ends). Null (the default) is no limit; must be at least 1 when set.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Gets or sets how many calls may wait for a permit at once, per limit; one more fails at once. The default is 1000; 0 means never wait.</summary>
    public int QueueLimit { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the longest a call waits for its permits; a call that would wait longer fails at once with
    /// <see cref="LlmRequestException.RetryAfter"/> set. The default is 1 minute; <see cref="TimeSpan.Zero"/> means never
    /// wait. The wait counts toward <c>Resilience:RequestTimeout</c> of a non-streaming call.
    /// </summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets limits per model id (<c>Limits:Models:&lt;model&gt;:RequestsPerMinute</c>...), enforced on top of the
    /// instance-wide ones for calls to that model (the model a request names, or the instance's default). The default is none.
    /// </summary>
    public Dictionary<string, LlmModelRateLimits> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets whether any limit is set.</summary>
    internal bool Any => RequestsPerMinute is not null || TokensPerMinute is not null || MaxConcurrency is not null
                         || (Models?.Values.Any(m => m is not null && m.Any) ?? false);
}
