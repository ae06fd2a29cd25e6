using LlmClients.RateLimiting;
using Microsoft.Extensions.Logging;

namespace LlmClients.Telemetry;

/// <summary>
/// The innermost layer <c>AddLlmProviders</c> puts around every vendor embedding client: it names the instance on every
/// <see cref="LlmRequestException"/> leaving it, logs failures (event 1004), flows the model to the HTTP handlers and,
/// when telemetry is on, calls through Microsoft.Extensions.AI's <see cref="OpenTelemetryEmbeddingGenerator{TInput, TEmbedding}"/>.
/// </summary>
internal sealed class InstanceEmbeddingClient : DelegatingEmbeddingGenerator<string, Embedding<float>>, IEmbeddingClient
{
    private readonly InstanceCalls _calls;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly Lock _genAiGate = new();
    private IEmbeddingGenerator<string, Embedding<float>>? _genAi; // The OpenTelemetryEmbeddingGenerator once made; typed as the interface (see GenAiGenerator).

    /// <summary>Initializes the layer.</summary>
    /// <param name="vendor">The vendor client.</param>
    /// <param name="instance">The instance.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">The logger factory, if any.</param>
    public InstanceEmbeddingClient(IEmbeddingClient vendor, InstanceTelemetry instance, TimeProvider time, ILoggerFactory? loggerFactory)
        : base(vendor)
    {
        Vendor = vendor;
        _loggerFactory = loggerFactory;
        _calls = new InstanceCalls(instance, (vendor.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata)?.DefaultModelId, time, loggerFactory);
    }

    /// <summary>Gets the vendor client.</summary>
    public IEmbeddingClient Vendor { get; }

    /// <summary>Gets the instance.</summary>
    public InstanceTelemetry Instance => _calls.Instance;

    /// <summary>
    /// Gets the default GenAI layer (over the vendor client), or null when telemetry is off. It is created the first time
    /// something needs it (a call with a listener or sensitive data on, <c>GetService</c>, a pipeline check), not with the
    /// client: its instruments, logger and JSON options cost a cold start that a call nobody records never uses.
    /// </summary>
    public OpenTelemetryEmbeddingGenerator<string, Embedding<float>>? GenAi => _calls.Instance.Enabled ? (OpenTelemetryEmbeddingGenerator<string, Embedding<float>>)GenAiGenerator() : null;

    /// <summary>Gets or sets whether calls skip the default GenAI layer (an outer pipeline step has its own).</summary>
    public bool BypassGenAi { get; set; }

    // The GenAI layer runs only when it records something: a span or metric listener, or sensitive data turned on (it may
    // then log the inputs), as in the chat layer.
    private bool UsesGenAi => _calls.Instance.Enabled && !BypassGenAi && (_calls.Instance.EnableSensitiveData || GenAiListeners.Any);

    /// <inheritdoc />
    /// <remarks>As if the GenAI layer were the inner generator (when telemetry is on): it answers first, then the vendor client.</remarks>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : ((IEmbeddingGenerator?)GenAi ?? Vendor).GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    /// <remarks>Bad arguments throw on the call, as the vendor client intends, also through the GenAI layer.</remarks>
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _calls.DefaultModel;
        var started = _calls.Time.GetTimestamp();

        // The model flows into the request the vendor starts below (captured at its first await); the caller's context is restored.
        var previous = LlmCallContext.Current;
        var charge = new TokenCharge();
        LlmCallContext.Current = new LlmCall(model, charge);
        try
        {
            Task<GeneratedEmbeddings<Embedding<float>>> task;
            if (!UsesGenAi)
            {
                task = Vendor.GenerateAsync(values, options, cancellationToken);
            }
            else
            {
                // The GenAI layer is async: it would turn the vendor's argument check into a faulted task. The shim under it
                // records a synchronous throw of the vendor on this thread, and it is rethrown here, on the call.
                SyncThrowShim.Failure = null;
                task = GenAiGenerator().GenerateAsync(values, options, cancellationToken);
                if (SyncThrowShim.Failure is { } failure)
                {
                    SyncThrowShim.Failure = null;
                    _ = task.Exception; // Observed: the caller gets the same exception from this call.
                    failure.Throw();
                }
            }

            return ObserveAsync(task, model, started, charge);
        }
        finally
        {
            LlmCallContext.Current = previous;
        }
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> ObserveAsync(Task<GeneratedEmbeddings<Embedding<float>>> task, string? model, long started, TokenCharge charge)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            await charge.SettleAsync(result.Usage).ConfigureAwait(false);
            return result;
        }
        catch (LlmRequestException ex)
        {
            _calls.Failed(ex, "embeddings", model, started);
            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The GenAI layer owns an activity source and a meter; disposing it disposes the vendor client under it too.
        if (disposing)
        {
            Volatile.Read(ref _genAi)?.Dispose();
        }

        base.Dispose(disposing);
    }

    // Typed as the interface on purpose: jitting a call or Dispose then loads none of Microsoft.Extensions.AI's types.
#pragma warning disable CA1859
    private IEmbeddingGenerator<string, Embedding<float>> GenAiGenerator() => Volatile.Read(ref _genAi) ?? CreateGenAi();

    private IEmbeddingGenerator<string, Embedding<float>> CreateGenAi()
#pragma warning restore CA1859
    {
        lock (_genAiGate)
        {
            if (_genAi is { } existing)
            {
                return existing;
            }

            var layer = new OpenTelemetryEmbeddingGenerator<string, Embedding<float>>(
                new SyncThrowShim(Vendor),
                _loggerFactory?.CreateLogger(typeof(OpenTelemetryEmbeddingGenerator<string, Embedding<float>>)),
                LlmClientsTelemetry.GenAISourceName)
            {
                EnableSensitiveData = _calls.Instance.EnableSensitiveData,
            };
            Volatile.Write(ref _genAi, layer);
            return layer;
        }
    }

    /// <summary>Passes calls to the vendor client, recording an exception it throws synchronously (its argument check).</summary>
    private sealed class SyncThrowShim(IEmbeddingGenerator<string, Embedding<float>> vendor) : DelegatingEmbeddingGenerator<string, Embedding<float>>(vendor)
    {
        [ThreadStatic]
        private static System.Runtime.ExceptionServices.ExceptionDispatchInfo? t_failure;

        public static System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure
        {
            get => t_failure;
            set => t_failure = value;
        }

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            try
            {
                return base.GenerateAsync(values, options, cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                t_failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                throw;
            }
        }
    }
}
