using System.Globalization;
using System.Diagnostics;
using LlmClients.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LlmClients.Resilience;

/// <summary>The retry handler's telemetry: one <c>http_attempt</c> span per attempt, its tags, and the retry log and metric.</summary>
internal sealed partial class LlmRetryHandler
{
    private Activity? StartAttempt(HttpRequestMessage request, int attempt)
    {
        var activity = LlmTelemetry.StartActivity("http_attempt", _instance);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.request.method", request.Method.Method);
            if (request.RequestUri is { IsAbsoluteUri: true } uri)
            {
                activity.SetTag("server.address", uri.Host);
                activity.SetTag("server.port", uri.Port);
            }

            activity.SetTag(LlmTelemetry.Attempt, attempt);
            if (attempt > 1)
            {
                activity.SetTag("http.request.resend_count", attempt - 1);
            }
        }

        return activity;
    }

    /// <summary>Tags the last attempt's span with the vendor's error code, reading a JSON error body no retry rule read.</summary>
    private async ValueTask TagLastAttemptAsync(Activity? attempt, VendorError? error, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (attempt is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        if (error is null && !response.IsSuccessStatusCode && IsJson(response.Content))
        {
            try
            {
                error = await ReadErrorAsync(response, (int)response.StatusCode, success: false, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Cancelled while buffering the body: the response never reaches the caller, so release it here.
                response.Dispose();
                throw;
            }
        }

        TagError(activity, error);
    }

    private static void TagError(Activity? activity, VendorError? error)
    {
        if (activity is null || error is null)
        {
            return;
        }

        if (error.Code is { } code)
        {
            activity.SetTag(LlmTelemetry.VendorErrorCode, code);
        }

        if (error.RequestId is { } requestId)
        {
            activity.SetTag(LlmTelemetry.VendorRequestId, requestId);
        }
    }

    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(Keys.RequestKey, null!);
        var error = args.Context.Properties.GetValue(Keys.ErrorKey, null);
        var attempt = args.AttemptNumber + 1;
        var errorType = args.Outcome.Exception is { } failure
            ? failure is TimeoutRejectedException or OperationCanceledException ? "timeout" : failure.GetType().FullName ?? failure.GetType().Name
            : args.Outcome.Result is { } failed ? ((int)failed.StatusCode).ToString(CultureInfo.InvariantCulture) : "unknown";

        // The attempt that failed ends here, with the delay before the next one.
        if (args.Context.Properties.GetValue(Keys.ActivityKey, null) is { } activity)
        {
            TagError(activity, error);
            activity.SetTag(LlmTelemetry.RetryDelay, args.RetryDelay.TotalSeconds);
            activity.Stop();
            args.Context.Properties.Set(Keys.ActivityKey, null);
        }

        if (args.Outcome.Result is { StatusCode: System.Net.HttpStatusCode.TooManyRequests })
        {
            // The vendor throttled this call: whoever paces the call (the embedding batcher) slows down.
            LlmCallContext.Throttled?.Invoke();
        }

        var model = LlmCallContext.Model;
        if (_instance.Enabled && LlmTelemetry.Retries.Enabled)
        {
            var tags = LlmTelemetry.Tags(_instance, model);
            tags.Add(LlmTelemetry.ErrorType, errorType);
            LlmTelemetry.Retries.Add(1, tags);
        }

        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return ValueTask.CompletedTask;
        }

        // Never pass headers, bodies or the exception object (its message may hold a URL): only the redacted URL and a type name.
        var method = request?.Method.Method ?? string.Empty;
        var url = Redaction.RedactUri(request?.RequestUri);
#pragma warning disable CA1873 // Guarded by IsEnabled above.
        if (args.Outcome.Exception is not null)
        {
            Log.RetryAfterException(_logger, _instance.InstanceName, _instance.ProviderName, method, url, model, attempt, errorType, args.RetryDelay.TotalMilliseconds);
        }
        else if (args.Outcome.Result is { } response)
        {
            var requestId = error?.RequestId ?? _errors.FindRequestId(response.Headers);
            Log.RetryAfterStatus(_logger, _instance.InstanceName, _instance.ProviderName, method, url, model, attempt, (int)response.StatusCode, error?.Code, requestId, args.RetryDelay.TotalMilliseconds);
        }
#pragma warning restore CA1873

        return ValueTask.CompletedTask;
    }
}
