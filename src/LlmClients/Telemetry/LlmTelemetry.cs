using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LlmClients.Telemetry;

/// <summary>Our <see cref="ActivitySource"/>, <see cref="Meter"/>, instruments and attribute names (see <see cref="LlmClientsTelemetry"/>).</summary>
internal static class LlmTelemetry
{
    /// <summary>OpenTelemetry GenAI attribute: the provider, for example <c>dashscope</c> or <c>deepseek</c>.</summary>
    public const string ProviderName = "gen_ai.provider.name";

    /// <summary>OpenTelemetry GenAI attribute: the requested model.</summary>
    public const string RequestModel = "gen_ai.request.model";

    /// <summary>OpenTelemetry GenAI attribute: the model that answered.</summary>
    public const string ResponseModel = "gen_ai.response.model";

    /// <summary>OpenTelemetry GenAI attribute: the operation (<c>chat</c>).</summary>
    public const string OperationName = "gen_ai.operation.name";

    /// <summary>Our attribute: the instance name given to <c>AddLlmProviders</c>.</summary>
    public const string InstanceName = "llmclients.instance.name";

    /// <summary>Our attribute: the 1-based number of the HTTP attempt.</summary>
    public const string Attempt = "llmclients.attempt";

    /// <summary>Our attribute: the delay before the next attempt, in seconds.</summary>
    public const string RetryDelay = "llmclients.retry.delay";

    /// <summary>Our attribute: the vendor's error code (<c>Throttling</c>, <c>1302</c>, <c>18</c>...).</summary>
    public const string VendorErrorCode = "llmclients.vendor.error_code";

    /// <summary>Our attribute: the vendor's request id.</summary>
    public const string VendorRequestId = "llmclients.vendor.request_id";

    /// <summary>Our attribute: the Zhipu async task id.</summary>
    public const string TaskId = "llmclients.zhipu.task_id";

    /// <summary>Our attribute: the Zhipu async task status after a poll.</summary>
    public const string TaskStatus = "llmclients.zhipu.task_status";

    /// <summary>Our attribute: the 1-based number of a Zhipu poll.</summary>
    public const string Poll = "llmclients.zhipu.poll";

    /// <summary>Our attribute: the client-side limit a wait was for (<c>requests_per_minute</c>, <c>tokens_per_minute</c>, <c>concurrency</c>).</summary>
    public const string RateLimit = "llmclients.rate_limit";

    /// <summary>Our attribute: whether the limit granted the permit (<c>acquired</c>) or refused the call (<c>refused</c>).</summary>
    public const string RateLimitOutcome = "llmclients.rate_limit.outcome";

    /// <summary>OpenTelemetry attribute: the class of error (an HTTP status code or an exception type).</summary>
    public const string ErrorType = "error.type";

    // First: the source below (and the meter) carry it, and static initializers run in the order written.

    /// <summary>Gets the version of this assembly without build metadata, for example <c>1.0.0</c>.</summary>
    public static string Version { get; } = GetVersion();

    /// <summary>Gets our activity source, named <see cref="LlmClientsTelemetry.SourceName"/>.</summary>
    public static ActivitySource Source { get; } = new(LlmClientsTelemetry.SourceName, Version);

    /// <summary>Gets our meter, named <see cref="LlmClientsTelemetry.MeterName"/>.</summary>
    public static Meter Meter => Instruments.Meter;

    /// <summary>Gets the retry counter: one per retry the retry handler schedules.</summary>
    public static Counter<long> Retries => Instruments.Retries;

    /// <summary>Gets the token-exchange counter: one per Qianfan access-token exchange.</summary>
    public static Counter<long> TokenExchanges => Instruments.TokenExchanges;

    /// <summary>Gets the client-side rate-limit wait histogram, in seconds: one per limit a request passed or was refused by.</summary>
    public static Histogram<double> RateLimitWait => Instruments.RateLimitWait;

    /// <summary>Gets the time-to-first-chunk histogram, in seconds (buckets from the OpenTelemetry GenAI conventions).</summary>
    public static Histogram<double> TimeToFirstChunk => Instruments.TimeToFirstChunk;

    /// <summary>Gets the time-per-output-chunk histogram, in seconds: the time between consecutive updates after the first.</summary>
    public static Histogram<double> TimePerOutputChunk => Instruments.TimePerOutputChunk;

    /// <summary>Gets the tags every measurement of an instance carries: provider, instance and model when known.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="model">The requested model, or null.</param>
    /// <returns>The tags.</returns>
    public static TagList Tags(InstanceTelemetry instance, string? model)
    {
        var tags = new TagList
        {
            { ProviderName, instance.ProviderName },
            { InstanceName, instance.InstanceName },
        };
        if (model is not null)
        {
            tags.Add(RequestModel, model);
        }

        return tags;
    }

    /// <summary>Starts a span of ours with the instance attributes, when someone listens and telemetry is on.</summary>
    /// <param name="name">The span name.</param>
    /// <param name="instance">The instance.</param>
    /// <param name="kind">The span kind.</param>
    /// <returns>The span, or null.</returns>
    public static Activity? StartActivity(string name, InstanceTelemetry? instance, ActivityKind kind = ActivityKind.Internal)
    {
        if (instance is not { Enabled: true } || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, kind);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ProviderName, instance.ProviderName);
            activity.SetTag(InstanceName, instance.InstanceName);
            if (LlmCallContext.Model is { } model)
            {
                activity.SetTag(RequestModel, model);
            }
        }

        return activity;
    }

    /// <summary>Marks a span failed with an <c>error.type</c>.</summary>
    /// <param name="activity">The span, or null.</param>
    /// <param name="errorType">The error type.</param>
    public static void SetError(Activity? activity, string errorType)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error);
    }

    private static string GetVersion()
    {
        var assembly = typeof(LlmTelemetry).Assembly;
        var informational = (Attribute.GetCustomAttribute(assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute)) as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>
    /// The meter and its instruments, made when one is first used (a retry, a stream, a rate limit, a token exchange), not
    /// with the activity source: a plain call records none of them. A listener subscribed before still sees each one
    /// published when it is made.
    /// </summary>
    private static class Instruments
    {
        public static readonly Meter Meter = new(LlmClientsTelemetry.MeterName, Version);

        public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
            "llmclients.client.retries", "{retry}", "Retries scheduled by the LlmClients retry handler, tagged with error.type (status code or exception type).");

        public static readonly Counter<long> TokenExchanges = Meter.CreateCounter<long>(
            "llmclients.client.token_exchanges", "{exchange}", "Access-token exchanges (Qianfan v1), tagged with error.type when one failed.");

        public static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram(
            "llmclients.client.rate_limit.wait",
            "s",
            "Time a request waited in the client-side queue for a limit (Limits:*), tagged with llmclients.rate_limit and llmclients.rate_limit.outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 20, 40, 60] });

        public static readonly Histogram<double> TimeToFirstChunk = Meter.CreateHistogram(
            "llmclients.client.operation.time_to_first_chunk",
            "s",
            "Time from the start of a streaming call to its first update, per instance.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

        public static readonly Histogram<double> TimePerOutputChunk = Meter.CreateHistogram(
            "llmclients.client.operation.time_per_output_chunk",
            "s",
            "Time between consecutive updates of a streaming call after the first, per instance.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5] });
    }
}
