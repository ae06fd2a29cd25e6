using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using LlmClients.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.RateLimiting;

/// <summary>
/// The limiters of one provider instance (one per container, so they outlive the pooled HTTP handlers): the instance-wide
/// ones and, created on first use, each configured model's. Read from the options once, at first use.
/// </summary>
internal sealed class InstanceRateLimits
{
    private readonly LlmRateLimitOptions _options;
    private readonly LlmQuotaStore _store;
    private readonly TimeProvider _time;
    private readonly InstanceTelemetry _instance;
    private readonly ILogger _logger;
    private readonly Limiters? _all;
    private readonly ConcurrentDictionary<string, Limiters> _models = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes the limiters.</summary>
    /// <param name="options">The limits (validated).</param>
    /// <param name="store">Where the per-minute counts live.</param>
    /// <param name="time">The clock.</param>
    /// <param name="instance">The instance, for keys, messages and telemetry.</param>
    /// <param name="logger">The logger, if any.</param>
    public InstanceRateLimits(LlmRateLimitOptions options, LlmQuotaStore store, TimeProvider time, InstanceTelemetry instance, ILogger? logger = null)
    {
        _options = options;
        _store = store;
        _time = time;
        _instance = instance;
        _logger = logger ?? NullLogger.Instance;
        Enabled = options.Any;

        // No limits (the default): no limiters, and the limiter types are not even loaded.
        _all = Enabled ? Create(null, "Limits:", options.RequestsPerMinute, options.TokensPerMinute, options.MaxConcurrency) : null;
    }

    /// <summary>Gets whether any limit is set.</summary>
    public bool Enabled { get; }

    /// <summary>Gets whether calls are charged tokens (a tokens-per-minute limit is set somewhere).</summary>
    public bool ChargesTokens => _options.TokensPerMinute is not null || (_options.Models?.Values.Any(m => m?.TokensPerMinute is not null) ?? false);

    /// <summary>
    /// Waits for the permits of one request: concurrency first (so a per-minute charge is not spent while queued behind a
    /// slow stream), then requests and tokens, instance-wide and for the model, within one <c>MaxQueueWait</c> budget.
    /// </summary>
    /// <param name="model">The requested model, or null when unknown.</param>
    /// <param name="tokens">The estimated tokens, or 0 when the request is not charged tokens.</param>
    /// <param name="cancellationToken">Cancels the wait (never wrapped).</param>
    /// <returns>The permit; dispose it when the request (or its stream) ends.</returns>
    /// <exception cref="LlmRequestException">A limit refused the request (kind <see cref="LlmErrorKind.RateLimited"/>, transient).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<RateLimitPermit> AcquireAsync(string? model, long tokens, CancellationToken cancellationToken)
    {
        var permit = new RateLimitPermit();
        if (_all is not { } all)
        {
            return permit;
        }

        try
        {
            var started = _time.GetTimestamp();
            var deadline = _time.GetUtcNow() + _options.MaxQueueWait;
            var forModel = model is not null && _options.Models is { } models && models.TryGetValue(model, out var limits) && limits is not null
                ? _models.GetOrAdd(model, m => Create(m, $"Limits:Models:{m}:", limits.RequestsPerMinute, limits.TokensPerMinute, limits.MaxConcurrency))
                : null;
            await AcquireConcurrencyAsync(all, model, permit, started, cancellationToken).ConfigureAwait(false);
            if (forModel is not null)
            {
                await AcquireConcurrencyAsync(forModel, model, permit, started, cancellationToken).ConfigureAwait(false);
            }

            foreach (var limiters in forModel is null ? [all] : new[] { all, forModel })
            {
                await AcquireQuotaAsync(limiters.Requests, 1, deadline, model, permit, started, cancellationToken).ConfigureAwait(false);
                if (tokens > 0)
                {
                    await AcquireQuotaAsync(limiters.Tokens, tokens, deadline, model, permit, started, cancellationToken).ConfigureAwait(false);
                }
            }

            return permit;
        }
        catch
        {
            permit.Dispose();
            throw;
        }
    }

    private async ValueTask AcquireConcurrencyAsync(Limiters limiters, string? model, RateLimitPermit permit, long started, CancellationToken cancellationToken)
    {
        if (limiters.Concurrency is not { } limiter)
        {
            return;
        }

        RateLimitLease lease;
        var budget = _options.MaxQueueWait - _time.GetElapsedTime(started);
        if (budget <= TimeSpan.Zero)
        {
            lease = limiter.AttemptAcquire();
        }
        else
        {
            using var timeout = new CancellationTokenSource(budget, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                lease = await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Refused(limiters.ConcurrencySetting, limiters.ConcurrencyLimit, "concurrency", model, null, "the wait would exceed Limits:MaxQueueWait", started);
            }
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw Refused(limiters.ConcurrencySetting, limiters.ConcurrencyLimit, "concurrency", model, null, budget <= TimeSpan.Zero ? "no permit is free and Limits:MaxQueueWait is 0" : "the queue is full (Limits:QueueLimit)", started);
        }

        permit.Add(lease);
        Record("concurrency", model, started, acquired: true);
    }

    private async ValueTask AcquireQuotaAsync(QuotaRateLimiter? limiter, long amount, DateTimeOffset deadline, string? model, RateLimitPermit permit, long started, CancellationToken cancellationToken)
    {
        if (limiter is null)
        {
            return;
        }

        var lease = (QuotaRateLimiter.QuotaLease)await limiter.AcquireAsync(amount, deadline, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
            lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason);
            throw Refused(limiter.Setting, limiter.Limit, limiter.Kind, model, retryAfter, reason ?? "no permit", started);
        }

        permit.AddCharge(limiter, lease.ChargeId!, Math.Clamp(amount, 1, limiter.Limit), isTokens: limiter.Kind == "tokens_per_minute");
        Record(limiter.Kind, model, started, acquired: true);
    }

    private Limiters Create(string? model, string prefix, int? requestsPerMinute, int? tokensPerMinute, int? maxConcurrency)
    {
        // Processes share a quota when their instance (and model) has the same name; the kind ends the key.
        var key = $"llmclients:quota:{_instance.InstanceName}:{model ?? "*"}:";
        var queueLimit = Math.Max(0, _options.QueueLimit);
        return new Limiters(
            requestsPerMinute is int rpm ? new QuotaRateLimiter(key + "rpm", rpm, prefix + "RequestsPerMinute", "requests_per_minute", _store, _time, queueLimit) : null,
            tokensPerMinute is int tpm ? new QuotaRateLimiter(key + "tpm", tpm, prefix + "TokensPerMinute", "tokens_per_minute", _store, _time, queueLimit) : null,
            maxConcurrency is int concurrency
                ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = concurrency, QueueLimit = queueLimit, QueueProcessingOrder = QueueProcessingOrder.OldestFirst })
                : null,
            prefix + "MaxConcurrency",
            maxConcurrency ?? 0);
    }

    private LlmRequestException Refused(string setting, int limit, string kind, string? model, object? retryAfter, string reason, long started)
    {
        Record(kind, model, started, acquired: false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
            Log.RateLimitRefused(_logger, _instance.InstanceName, _instance.ProviderName, model, setting, limit, reason);
#pragma warning restore CA1873
        }

        return new LlmRequestException(
            _instance.ProviderName,
            LlmErrorKind.RateLimited,
            statusCode: null,
            errorCode: null,
            vendorMessage: null,
            requestId: null,
            isTransient: true,
            retryAfter: retryAfter as TimeSpan?,
            advice: string.Create(CultureInfo.InvariantCulture, $"client-side limit {setting} = {limit} of instance '{_instance.InstanceName}'{(model is null ? string.Empty : $" (model {model})")} refused the request before sending it: {reason}; send less, raise the limit, or raise Limits:MaxQueueWait / Limits:QueueLimit"))
        {
            InstanceName = _instance.InstanceName,
        };
    }

    private void Record(string kind, string? model, long started, bool acquired)
    {
        if (_instance.Enabled && LlmTelemetry.RateLimitWait.Enabled)
        {
            var tags = LlmTelemetry.Tags(_instance, model);
            tags.Add(LlmTelemetry.RateLimit, kind);
            tags.Add(LlmTelemetry.RateLimitOutcome, acquired ? "acquired" : "refused");
            LlmTelemetry.RateLimitWait.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private sealed record Limiters(QuotaRateLimiter? Requests, QuotaRateLimiter? Tokens, ConcurrencyLimiter? Concurrency, string ConcurrencySetting, int ConcurrencyLimit);
}
