using System.Globalization;
using System.Net.Http.Headers;
using LlmClients.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LlmClients.Resilience;

/// <summary>
/// The one retry and time-to-first-byte policy of the SDK: a Polly.Core pipeline (retry around a per-attempt timeout)
/// wrapped in a <see cref="DelegatingHandler"/>. Register it before the auth handler so that auth runs per attempt.
/// </summary>
/// <remarks>
/// <para>
/// Retries transport failures (<see cref="HttpRequestException"/>), attempts without response headers within
/// <see cref="LlmResilienceOptions.FirstByteTimeout"/>, and responses with status 408, 429, 500, 502, 503 or 504
/// unless the vendor's <see cref="VendorErrorHandler"/> classifies the buffered error body as not transient
/// (an exhausted quota at HTTP 429, for example). When <see cref="VendorErrorHandler.ErrorsInSuccessBodies"/> is
/// true, 2xx JSON bodies holding a transient error envelope are retried too. Never retries 400, 401, 403 or 404.
/// An <c>x-should-retry</c> header, when present on an error response, overrides the status and body rules.
/// </para>
/// <para>
/// The delay is the vendor's <c>retry-after-ms</c> or <c>Retry-After</c> when given, else the wait the error body names
/// (<see cref="VendorError.RetryAfter"/>: a model still loading says how long it needs) (a longer wait than
/// <see cref="LlmResilienceOptions.MaxRetryAfter"/> is not retried: the response is returned so that the caller
/// can throw with <see cref="LlmRequestException.RetryAfter"/>), otherwise exponential backoff from
/// <see cref="LlmResilienceOptions.BaseDelay"/> with ±20% jitter, capped at <see cref="LlmResilienceOptions.MaxDelay"/>.
/// </para>
/// <para>
/// The request message is re-sent as is, so its content must be re-readable (adapters use
/// <see cref="ByteArrayContent"/>). A stream is never replayed once an event has reached the caller, by construction:
/// this handler is done as soon as response headers arrive (callers use
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>), and the body of a successful streaming response
/// (<c>text/event-stream</c>) is never buffered or inspected here.
/// </para>
/// <para>
/// Cancellation by the caller's token surfaces as <see cref="OperationCanceledException"/>, never wrapped and never
/// retried. A last attempt that times out throws <see cref="LlmRequestException"/> with
/// <see cref="LlmErrorKind.Timeout"/>. Discarded responses are disposed.
/// </para>
/// </remarks>
internal sealed partial class LlmRetryHandler : DelegatingHandler
{
    private const double JitterFraction = 0.2;

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("LlmClients.Request");

    // The wait the last retried response asked for (header or body), handed from the retry predicate to the delay generator.
    private static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("LlmClients.RetryAfter");

    private readonly VendorErrorHandler _errors;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRetryAfter;
    private readonly TimeSpan _firstByteTimeout;
    private readonly LlmResilienceOptions _bodyLimits;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Initializes the handler and builds its pipeline once, from a snapshot of <paramref name="options"/>.</summary>
    /// <param name="options">The retry and timeout settings.</param>
    /// <param name="errors">The vendor's error parser and classifier.</param>
    /// <param name="timeProvider">The clock for delays, timeouts and HTTP-date <c>Retry-After</c> values.</param>
    /// <param name="logger">The logger for retries, if any.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is negative.</exception>
    public LlmRetryHandler(LlmResilienceOptions options, VendorErrorHandler errors, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetryAfter, TimeSpan.Zero);
        if (options.FirstByteTimeout <= TimeSpan.Zero && options.FirstByteTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FirstByteTimeout, "FirstByteTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        _errors = errors;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _baseDelay = options.BaseDelay;
        _maxDelay = options.MaxDelay;
        _maxRetryAfter = options.MaxRetryAfter;
        _firstByteTimeout = options.FirstByteTimeout;
        _bodyLimits = new LlmResilienceOptions { FirstByteTimeout = options.FirstByteTimeout, MaxErrorBodyBytes = options.MaxErrorBodyBytes, MaxResponseBytes = options.MaxResponseBytes };
        _pipeline = BuildPipeline(options.MaxRetries);
    }

    /// <summary>Reads how long the vendor asked us to wait: <c>retry-after-ms</c>, else <c>Retry-After</c> (seconds or HTTP date).</summary>
    /// <param name="response">The response.</param>
    /// <param name="time">The clock an HTTP date is compared with.</param>
    /// <returns>The delay (never negative), or null when the response does not say.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);

        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0
            && milliseconds <= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        var delay = response.Headers.RetryAfter switch
        {
            { Delta: TimeSpan delta } => delta,
            { Date: DateTimeOffset date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendAttemptAsync(state.Request, ctx.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmRequestException(
                _errors.ProviderName,
                LlmErrorKind.Timeout,
                statusCode: null,
                errorCode: null,
                vendorMessage: "no response headers within " + _firstByteTimeout.ToString("c", CultureInfo.InvariantCulture),
                requestId: null,
                isTransient: true,
                retryAfter: null,
                innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsJson(HttpContent content)
    {
        var mediaType = content.Headers.ContentType?.MediaType;
        return mediaType is not null
               && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                   || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
                   || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static bool? GetShouldRetryHeader(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("x-should-retry", out var values))
        {
            var value = values.FirstOrDefault()?.Trim();
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return null;
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => base.SendAsync(request, cancellationToken);

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(int maxRetries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                ShouldHandle = ShouldRetryAsync,
                DelayGenerator = args => new ValueTask<TimeSpan?>(GetDelay(args.Context.Properties.GetValue(RetryAfterKey, null), args.AttemptNumber)),
                OnRetry = OnRetry,
            });
        }

        if (_firstByteTimeout != Timeout.InfiniteTimeSpan)
        {
            // The generator (not TimeoutStrategyOptions.Timeout) lifts Polly's 24-hour validation limit.
            var timeout = _firstByteTimeout;
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(timeout) });
        }

        return builder.Build();
    }

    private async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        args.Context.Properties.Set(RetryAfterKey, null);
        if (args.Outcome.Exception is { } exception)
        {
            // OperationCanceledException (the caller's token) and anything else propagate untouched.
            return exception is HttpRequestException or TimeoutRejectedException;
        }

        if (args.Outcome.Result is not { } response)
        {
            return false;
        }

        bool retryable;
        VendorError? error;
        try
        {
            (retryable, error) = await IsRetryableResponseAsync(response, args.Context.CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Cancelled while buffering the body: the response never reaches the caller, so release it here.
            response.Dispose();
            throw;
        }

        if (!retryable)
        {
            return false;
        }

        // A vendor asking for a longer wait than we accept: hand the response back; the caller throws with RetryAfter.
        var retryAfter = GetRetryAfter(response, _timeProvider) ?? error?.RetryAfter;
        args.Context.Properties.Set(RetryAfterKey, retryAfter);
        return retryAfter is not TimeSpan wait || wait <= _maxRetryAfter;
    }

    private async ValueTask<(bool Retryable, VendorError? Error)> IsRetryableResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is 400 or 401 or 403 or 404)
        {
            return (false, null);
        }

        if (response.IsSuccessStatusCode)
        {
            if (!_errors.ErrorsInSuccessBodies || !IsJson(response.Content))
            {
                return (false, null);
            }

            var error = await ReadErrorAsync(response, status, success: true, cancellationToken).ConfigureAwait(false);
            return (error is not null && _errors.Evaluate(status, error).Transient, error);
        }

        if (GetShouldRetryHeader(response.Headers) is bool shouldRetry)
        {
            // The body may still say how long to wait (a model loading), so it is read when a retry follows.
            return (shouldRetry, shouldRetry ? await ReadErrorAsync(response, status, success: false, cancellationToken).ConfigureAwait(false) : null);
        }

        if (status is not (408 or 429 or 500 or 502 or 503 or 504))
        {
            return (false, null);
        }

        var bodyError = await ReadErrorAsync(response, status, success: false, cancellationToken).ConfigureAwait(false);
        return (_errors.Evaluate(status, bodyError).Transient, bodyError);
    }

    private async ValueTask<VendorError?> ReadErrorAsync(HttpResponseMessage response, int status, bool success, CancellationToken cancellationToken)
    {
        // Under the first-byte budget and the error-body cap (a trickling 503 body must not hold the call), then kept in
        // place so the caller can still read the body of the response we return. An unreadable body says nothing; the status decides.
        var (body, problem) = success
            ? await ErrorBodyReader.ReadAsync(response, _bodyLimits.MaxResponseBytes, "Resilience:MaxResponseBytes", _bodyLimits.FirstByteTimeout, _timeProvider, cancellationToken).ConfigureAwait(false)
            : await ErrorBodyReader.ReadAsync(response, _bodyLimits, _timeProvider, cancellationToken).ConfigureAwait(false);
        ErrorBodyReader.Replace(response, body, problem);
        return _errors.ParseError(status, body);
    }

    private TimeSpan GetDelay(TimeSpan? retryAfter, int attemptNumber)
    {
        if (retryAfter is TimeSpan wait)
        {
            return wait;
        }

        // attemptNumber is 0 for the first retry: BaseDelay * 2^n, jittered by ±20%, never above MaxDelay.
        var exponential = _baseDelay.Ticks * Math.Pow(2, Math.Min(attemptNumber, 62));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = exponential * (1 - JitterFraction + (2 * JitterFraction * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return jittered >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)jittered);
    }

    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(RequestKey, null!);
        var method = request?.Method.Method ?? string.Empty;
        var url = Redaction.RedactUri(request?.RequestUri);
        var attempt = args.AttemptNumber + 1;
        if (args.Outcome.Exception is { } exception)
        {
            LogRetryAfterException(_logger, method, url, exception.GetType().Name, attempt, args.RetryDelay);
        }
        else if (args.Outcome.Result is { } response)
        {
            LogRetryAfterStatus(_logger, method, url, (int)response.StatusCode, attempt, args.RetryDelay);
        }

        return ValueTask.CompletedTask;
    }

    // Never pass headers, bodies or the exception object (its message may hold a URL): only the redacted URL and a type name.
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Url} returned {StatusCode}; retrying (attempt {Attempt} failed) after {Delay}")]
    private static partial void LogRetryAfterStatus(ILogger logger, string method, string url, int statusCode, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Method} {Url} failed with {ExceptionType}; retrying (attempt {Attempt} failed) after {Delay}")]
    private static partial void LogRetryAfterException(ILogger logger, string method, string url, string exceptionType, int attempt, TimeSpan delay);
}
