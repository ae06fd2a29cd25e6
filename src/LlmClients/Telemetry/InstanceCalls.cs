using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.Telemetry;

/// <summary>What the chat and embedding instance layers share: the instance, the clock, and the failure rule.</summary>
internal sealed class InstanceCalls
{
    private readonly ILogger _logger;

    /// <summary>Initializes the shared part of an instance layer.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="defaultModel">The vendor client's default model, for calls that name none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">The logger factory, if any.</param>
    public InstanceCalls(InstanceTelemetry instance, string? defaultModel, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        Instance = instance;
        DefaultModel = defaultModel;
        Time = time;
        _logger = loggerFactory?.CreateLogger(Log.CallCategory) ?? NullLogger.Instance;
    }

    /// <summary>Gets the instance.</summary>
    public InstanceTelemetry Instance { get; }

    /// <summary>Gets the default model of the vendor client.</summary>
    public string? DefaultModel { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Names the instance on an exception leaving it and logs the failure (event 1004, Information).</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="operation">The operation, <c>chat</c> or <c>embeddings</c>.</param>
    /// <param name="model">The requested model.</param>
    /// <param name="started">When the call started (a <see cref="TimeProvider"/> timestamp).</param>
    public void Failed(LlmRequestException exception, string operation, string? model, long started)
    {
        exception.InstanceName ??= Instance.InstanceName;
        if (_logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
            Log.CallFailed(_logger, Instance.InstanceName, Instance.ProviderName, operation, model, Time.GetElapsedTime(started).TotalMilliseconds, exception.Kind.Value, exception.StatusCode, exception.ErrorCode, exception.RequestId, exception.IsTransient);
#pragma warning restore CA1873
        }
    }
}
