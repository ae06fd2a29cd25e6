using System.Globalization;
using System.Net.Http.Headers;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LlmClients.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LlmClients.Resilience;

/// <summary>
/// The one retry and time-to-first-byte policy of the SDK: a Polly.Core pipeline (retry around a per-attempt timeout)
/// wrapped in a <see cref="DelegatingHandler"/>. Register it before the auth handler so that auth runs per attempt.
/// The first attempt is sent directly, under the same first-byte budget; the pipeline is built and entered only when that
/// attempt's outcome may be retried, and it replays that outcome as its own first attempt (so a call answered at once
/// never loads Polly, and every retry decision, delay and retry event is still the pipeline's).
/// </summary>
/// <remarks>
/// <para>
/// Retries transport failures (<see cref="HttpRequestException"/>), attempts without response headers within
/// <see cref="LlmResilienceOptions.FirstByteTimeout"/>, and responses with status 408, 429, 500, 502, 503 or 504
/// unless the vendor's <see cref="VendorErrorMapper"/> classifies the buffered error body as not transient
/// (an exhausted quota at HTTP 429, for example). When <see cref="VendorErrorMapper.ErrorsInSuccessBodies"/> is
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
/// <para>
/// Telemetry: each attempt is a span <c>http_attempt</c> of the <c>LlmClients</c> source (under the call span, over the
/// runtime's HTTP span) with <c>gen_ai.provider.name</c>, <c>llmclients.instance.name</c>, <c>gen_ai.request.model</c>,
/// <c>server.address</c>, <c>server.port</c>, <c>http.request.method</c>, <c>llmclients.attempt</c> (1-based),
/// <c>http.request.resend_count</c>, <c>http.response.status_code</c>, <c>error.type</c>, <c>llmclients.vendor.error_code</c>,
/// <c>llmclients.vendor.request_id</c> and, when another attempt follows, <c>llmclients.retry.delay</c> (seconds). Each
/// retry adds one to <c>llmclients.client.retries</c> and logs event 1002 (a status) or 1003 (an exception) at Information.
/// </para>
/// </remarks>
internal sealed partial class LlmRetryHandler : DelegatingHandler
{
    private const double JitterFraction = 0.2;

    private readonly VendorErrorMapper _errors;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRetryAfter;
    private readonly TimeSpan _firstByteTimeout;
    private readonly LlmResilienceOptions _bodyLimits;
    private readonly int _maxRetries;
    private readonly InstanceTelemetry _instance;

    // Built on the first retry: a call whose first attempt needs none never builds or enters Polly's machinery.
    // Typed object: the handler's own type never needs Polly's assembly loaded; only RetryAsync reads it.
    private object? _pipeline;

    // The first attempts' first-byte budgets.
    private readonly ReusableTimeout _budgets;

    /// <summary>Initializes the handler from a snapshot of <paramref name="options"/> (the pipeline is built once, when a first retry may follow).</summary>
    /// <param name="options">The retry and timeout settings.</param>
    /// <param name="errors">The vendor's error parser and classifier.</param>
    /// <param name="timeProvider">The clock for delays, timeouts and HTTP-date <c>Retry-After</c> values.</param>
    /// <param name="logger">The logger for retries, if any.</param>
    /// <param name="instance">The instance, for spans, metrics and logs; null names it after the provider.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is negative.</exception>
    public LlmRetryHandler(LlmResilienceOptions options, VendorErrorMapper errors, TimeProvider timeProvider, ILogger? logger = null, InstanceTelemetry? instance = null)
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
        _instance = instance ?? new InstanceTelemetry(errors.ProviderName, errors.ProviderName);
        _bodyLimits = new LlmResilienceOptions { FirstByteTimeout = options.FirstByteTimeout, MaxErrorBodyBytes = options.MaxErrorBodyBytes, MaxResponseBytes = options.MaxResponseBytes };
        _maxRetries = options.MaxRetries;
        _budgets = new ReusableTimeout(timeProvider);
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

        // The first attempt runs here, under the same first-byte budget as the pipeline's timeout strategy; Polly takes
        // over only when its outcome may be retried (MayRetry), replaying that outcome as its own first attempt, so every
        // retry decision, delay and retry event is the pipeline's.
        var activity = StartAttempt(request, 1);
        var budget = RentBudget();
        var link = default(CancellationTokenRegistration);
        HttpResponseMessage? response = null;
        Exception? failure = null;
        bool timedOut = false;
        try
        {
            var attemptToken = cancellationToken;
            if (budget is not null)
            {
                link = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), budget);
                attemptToken = budget.Token;
            }

            response = await SendAttemptAsync(request, activity, attemptToken, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (budget is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            failure = FirstByteTimeout(ex);
            timedOut = true;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // The caller cancelled through the budget's token: the caller sees its own token, as from the pipeline.
            activity?.Stop();
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (HttpRequestException ex) when (_maxRetries > 0)
        {
            failure = ex;
        }
        catch
        {
            activity?.Stop();
            throw;
        }
        finally
        {
            link.Dispose();
            ReturnBudget(budget);
        }

        if (_maxRetries > 0 && (failure is not null || MayRetry(response!)))
        {
            // From here the pipeline owns the first attempt's span and response.
            return await RetryAsync(request, new FirstAttempt(activity, response, failure), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (timedOut)
            {
                throw TimedOut(failure!);
            }

            await TagLastAttemptAsync(activity, null, response!, cancellationToken).ConfigureAwait(false);
            return response!;
        }
        finally
        {
            activity?.Stop();
        }
    }

    // What Polly's timeout strategy reports, so the retry rules and the caller see one kind of first-byte timeout. A method
    // of its own: a call that does not time out never loads Polly.
    private Exception FirstByteTimeout(OperationCanceledException ex)
        => ExceptionDispatchInfo.SetCurrentStackTrace(new TimeoutRejectedException($"The operation didn't complete within the allowed timeout of '{_firstByteTimeout}'.", _firstByteTimeout, ex));

    private LlmRequestException TimedOut(Exception ex) => new(
        _errors.ProviderName,
        LlmErrorKind.Timeout,
        statusCode: null,
        errorCode: null,
        vendorMessage: null,
        requestId: null,
        isTransient: true,
        retryAfter: null,
        innerException: ex,
        advice: "no response headers within " + _firstByteTimeout.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>Gets the first attempt's first-byte budget (reused across calls on the system clock), or null when it is infinite.</summary>
    private CancellationTokenSource? RentBudget() => _firstByteTimeout == Timeout.InfiniteTimeSpan ? null : _budgets.Rent(_firstByteTimeout);

    private void ReturnBudget(CancellationTokenSource? budget)
    {
        if (budget is not null)
        {
            _budgets.Return(budget);
        }
    }

    /// <summary>Says whether the retry rules could retry a response; false means they certainly would not (a plain success, 400, 401, 403, 404).</summary>
    private bool MayRetry(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is 400 or 401 or 403 or 404)
        {
            return false;
        }

        return !response.IsSuccessStatusCode || (_errors.ErrorsInSuccessBodies && ErrorBodyReader.MayBeSuccessEnvelope(response.Content));
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

    /// <summary>Sends one attempt inside its span; the span ends when the retry is scheduled or the call returns.</summary>
    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, Activity? activity, CancellationToken attemptToken, CancellationToken callerToken)
        => activity is null ? base.SendAsync(request, attemptToken) : SendTracedAttemptAsync(request, activity, attemptToken, callerToken); // No span, nothing to tag: no state machine.

    private async Task<HttpResponseMessage> SendTracedAttemptAsync(HttpRequestMessage request, Activity activity, CancellationToken attemptToken, CancellationToken callerToken)
    {
        try
        {
            var response = await base.SendAsync(request, attemptToken).ConfigureAwait(false);
            if (activity is { IsAllDataRequested: true })
            {
                var status = (int)response.StatusCode;
                activity.SetTag("http.response.status_code", status);
                if (_errors.FindRequestId(response.Headers) is { } requestId)
                {
                    activity.SetTag(LlmTelemetry.VendorRequestId, requestId);
                }

                if (status >= 400)
                {
                    LlmTelemetry.SetError(activity, status.ToString(CultureInfo.InvariantCulture));
                }
            }

            return response;
        }
        catch (Exception ex)
        {
            // Our first-byte timeout cancels the attempt's token, not the caller's.
            LlmTelemetry.SetError(activity, ex is OperationCanceledException && !callerToken.IsCancellationRequested ? "timeout" : ex.GetType().FullName ?? ex.GetType().Name);
            throw;
        }
    }
}
