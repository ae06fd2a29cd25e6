using System.Diagnostics;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LlmClients.Resilience;

/// <summary>
/// The retry pipeline (Polly.Core: retry around a per-attempt timeout), built and entered only when a first attempt may be
/// retried, and its rules: what is retried, how long to wait, and the replay of the first attempt.
/// </summary>
internal sealed partial class LlmRetryHandler
{
    /// <summary>Hands a first attempt that may be retried to the pipeline, which replays it as its own first attempt.</summary>
    private async Task<HttpResponseMessage> RetryAsync(HttpRequestMessage request, FirstAttempt first, CancellationToken cancellationToken)
    {
        var pipeline = (ResiliencePipeline<HttpResponseMessage>)(_pipeline ??= BuildPipeline(_maxRetries));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Keys.RequestKey, request);
        context.Properties.Set(Keys.AttemptKey, 1);
        context.Properties.Set(Keys.ActivityKey, first.Activity);
        context.Properties.Set(Keys.ReplayKey, first);
        try
        {
            var response = await pipeline.ExecuteAsync(
                static (ctx, state) => state.Handler.PipelineAttemptAsync(state.Request, ctx, state.CallerToken),
                context,
                (Handler: this, Request: request, CallerToken: cancellationToken)).ConfigureAwait(false);
            await TagLastAttemptAsync(context.Properties.GetValue(Keys.ActivityKey, null), context.Properties.GetValue(Keys.ErrorKey, null), response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
        finally
        {
            context.Properties.GetValue(Keys.ActivityKey, null)?.Stop();
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt of the pipeline: the replayed first attempt, then a new send in its own span per retry.</summary>
    private ValueTask<HttpResponseMessage> PipelineAttemptAsync(HttpRequestMessage request, ResilienceContext context, CancellationToken callerToken)
    {
        if (context.Properties.GetValue(Keys.ReplayKey, null) is { } first)
        {
            context.Properties.Set(Keys.ReplayKey, null);
            return first.Failure is { } failure ? ValueTask.FromException<HttpResponseMessage>(failure) : new ValueTask<HttpResponseMessage>(first.Response!);
        }

        var attempt = context.Properties.GetValue(Keys.AttemptKey, 0) + 1;
        context.Properties.Set(Keys.AttemptKey, attempt);
        context.Properties.Set(Keys.ErrorKey, null);
        var activity = StartAttempt(request, attempt);
        context.Properties.Set(Keys.ActivityKey, activity);
        return new ValueTask<HttpResponseMessage>(SendAttemptAsync(request, activity, context.CancellationToken, callerToken));
    }

    /// <summary>The pipeline's context properties; a nested type, so a call that never enters the pipeline never initializes them.</summary>
    private static class Keys
    {
        public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("LlmClients.Request");
        public static readonly ResiliencePropertyKey<int> AttemptKey = new("LlmClients.Attempt");
        public static readonly ResiliencePropertyKey<Activity?> ActivityKey = new("LlmClients.AttemptActivity");
        public static readonly ResiliencePropertyKey<VendorError?> ErrorKey = new("LlmClients.AttemptError");

        // The wait the last retried response asked for (header or body), handed from the retry predicate to the delay generator.
        public static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("LlmClients.RetryAfter");

        // The first attempt, sent before the pipeline was entered, for the pipeline to replay as its own first attempt.
        public static readonly ResiliencePropertyKey<FirstAttempt?> ReplayKey = new("LlmClients.FirstAttempt");
    }

    /// <summary>The outcome of the first attempt, sent outside the pipeline: a response or a failure, and its span.</summary>
    private sealed record FirstAttempt(Activity? Activity, HttpResponseMessage? Response, Exception? Failure);

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(int maxRetries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                ShouldHandle = ShouldRetryAsync,
                DelayGenerator = args => new ValueTask<TimeSpan?>(GetDelay(args.Context.Properties.GetValue(Keys.RetryAfterKey, null), args.AttemptNumber)),
                OnRetry = OnRetry,
            });
        }

        if (_firstByteTimeout != Timeout.InfiniteTimeSpan)
        {
            // The generator (not TimeoutStrategyOptions.Timeout) lifts Polly's 24-hour validation limit. The replayed first
            // attempt already ran under its budget and returns at once: no timeout (no timer) for it.
            var timeout = _firstByteTimeout;
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => new ValueTask<TimeSpan>(args.Context.Properties.GetValue(Keys.ReplayKey, null) is null ? timeout : Timeout.InfiniteTimeSpan),
            });
        }

        return builder.Build();
    }

    private async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        args.Context.Properties.Set(Keys.RetryAfterKey, null);
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
            retryable = await IsRetryableResponseAsync(response, args.Context).ConfigureAwait(false);
            error = args.Context.Properties.GetValue(Keys.ErrorKey, null);
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
        args.Context.Properties.Set(Keys.RetryAfterKey, retryAfter);
        return retryAfter is not TimeSpan wait || wait <= _maxRetryAfter;
    }

    private async ValueTask<bool> IsRetryableResponseAsync(HttpResponseMessage response, ResilienceContext context)
    {
        var cancellationToken = context.CancellationToken;
        var status = (int)response.StatusCode;
        if (status is 400 or 401 or 403 or 404)
        {
            return false;
        }

        if (response.IsSuccessStatusCode)
        {
            if (!_errors.ErrorsInSuccessBodies || !ErrorBodyReader.MayBeSuccessEnvelope(response.Content))
            {
                return false;
            }

            var error = await ReadErrorAsync(response, status, success: true, cancellationToken).ConfigureAwait(false);
            context.Properties.Set(Keys.ErrorKey, error);
            return error is not null && _errors.Evaluate(status, error).Transient;
        }

        if (GetShouldRetryHeader(response.Headers) is bool shouldRetry)
        {
            // The body may still say how long to wait (a model loading), so it is read when a retry follows.
            if (shouldRetry)
            {
                context.Properties.Set(Keys.ErrorKey, await ReadErrorAsync(response, status, success: false, cancellationToken).ConfigureAwait(false));
            }

            return shouldRetry;
        }

        if (status is not (408 or 429 or 500 or 502 or 503 or 504))
        {
            return false;
        }

        var bodyError = await ReadErrorAsync(response, status, success: false, cancellationToken).ConfigureAwait(false);
        context.Properties.Set(Keys.ErrorKey, bodyError);
        return _errors.Evaluate(status, bodyError).Transient;
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
}
