using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmClients.Telemetry;

/// <summary>
/// The innermost layer <c>AddLlmProviders</c> puts around every vendor embedding client: it names the instance on every
/// <see cref="LlmRequestException"/> leaving it, logs failures (event 1004), flows the model to the HTTP handlers and,
/// when telemetry is on, calls through Microsoft.Extensions.AI's <see cref="OpenTelemetryEmbeddingGenerator{TInput, TEmbedding}"/>.
/// </summary>
internal sealed class InstanceEmbeddingClient : DelegatingEmbeddingGenerator<string, Embedding<float>>, IEmbeddingClient
{
    private readonly InstanceTelemetry _instance;
    private readonly string? _defaultModel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes the layer.</summary>
    /// <param name="vendor">The vendor client.</param>
    /// <param name="instance">The instance.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">The logger factory, if any.</param>
    public InstanceEmbeddingClient(IEmbeddingClient vendor, InstanceTelemetry instance, TimeProvider time, ILoggerFactory? loggerFactory)
        : base(instance.Enabled ? CreateGenAi(vendor, instance, loggerFactory) : vendor)
    {
        Vendor = vendor;
        _instance = instance;
        _time = time;
        _defaultModel = vendor.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        _logger = loggerFactory?.CreateLogger(Log.CallCategory) ?? NullLogger.Instance;
    }

    /// <summary>Gets the vendor client.</summary>
    public IEmbeddingClient Vendor { get; }

    /// <summary>Gets the instance.</summary>
    public InstanceTelemetry Instance => _instance;

    /// <summary>Gets the default GenAI layer, or null when telemetry is off.</summary>
    public OpenTelemetryEmbeddingGenerator<string, Embedding<float>>? GenAi => InnerGenerator as OpenTelemetryEmbeddingGenerator<string, Embedding<float>>;

    /// <summary>Gets or sets whether calls skip the default GenAI layer (an outer pipeline step has its own).</summary>
    public bool BypassGenAi { get; set; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _defaultModel;
        LlmCallContext.Model = model;
        var started = _time.GetTimestamp();
        try
        {
            return await (BypassGenAi ? Vendor : InnerGenerator).GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmRequestException ex)
        {
            ex.InstanceName ??= _instance.InstanceName;
            if (_logger.IsEnabled(LogLevel.Information))
            {
#pragma warning disable CA1873 // Guarded by IsEnabled above.
                Log.CallFailed(_logger, _instance.InstanceName, _instance.ProviderName, "embeddings", model, _time.GetElapsedTime(started).TotalMilliseconds, ex.Kind.Value, ex.StatusCode, ex.ErrorCode, ex.RequestId, ex.IsTransient);
#pragma warning restore CA1873
            }

            throw;
        }
    }

    private static OpenTelemetryEmbeddingGenerator<string, Embedding<float>> CreateGenAi(IEmbeddingClient vendor, InstanceTelemetry instance, ILoggerFactory? loggerFactory)
        => new(vendor, loggerFactory?.CreateLogger(typeof(OpenTelemetryEmbeddingGenerator<string, Embedding<float>>)), LlmClientsTelemetry.GenAISourceName)
        {
            EnableSensitiveData = instance.EnableSensitiveData,
        };
}
