using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

using LlmClients.RateLimiting;

namespace LlmClients.Telemetry;

/// <summary>
/// The innermost layer <c>AddLlmProviders</c> puts around every vendor chat client: it names the instance on every
/// <see cref="LlmRequestException"/> leaving it, logs failures (event 1004), flows the model to the HTTP handlers,
/// measures time to first chunk and time per output chunk around the updates of a stream (whatever loop produced them),
/// and, when telemetry is on, calls through Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/>.
/// </summary>
internal sealed class InstanceChatClient : DelegatingChatClient
{
    private readonly InstanceCalls _calls;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly Lock _genAiGate = new();
    private IChatClient? _genAi; // The OpenTelemetryChatClient once made; typed as the interface (see GenAiClient).

    /// <summary>Initializes the layer.</summary>
    /// <param name="vendor">The vendor client.</param>
    /// <param name="instance">The instance.</param>
    /// <param name="time">The clock for stream timings.</param>
    /// <param name="loggerFactory">The logger factory, if any.</param>
    public InstanceChatClient(IChatClient vendor, InstanceTelemetry instance, TimeProvider time, ILoggerFactory? loggerFactory)
        : base(vendor)
    {
        _loggerFactory = loggerFactory;
        _calls = new InstanceCalls(instance, (vendor.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId, time, loggerFactory);
    }

    /// <summary>
    /// Gets the default GenAI layer (over the vendor client), or null when telemetry is off. It is created the first time
    /// something needs it (a call with a listener or sensitive data on, <c>GetService</c>, a pipeline check), not with the
    /// client: its instruments, logger and JSON options cost a cold start that a call nobody records never uses.
    /// </summary>
    public OpenTelemetryChatClient? GenAi => _calls.Instance.Enabled ? (OpenTelemetryChatClient)GenAiClient() : null;

    /// <summary>Gets or sets whether calls skip the default GenAI layer (an outer pipeline step has its own).</summary>
    public bool BypassGenAi { get; set; }

    // The GenAI layer runs only when it records something: a span or metric listener, or sensitive data turned on (it may
    // then log message contents). Otherwise it would cost every call a span check and every stream a list of its updates.
    private IChatClient Next => !_calls.Instance.Enabled || BypassGenAi || (!_calls.Instance.EnableSensitiveData && !GenAiListeners.Any) ? InnerClient : GenAiClient();

    /// <inheritdoc />
    /// <remarks>As if the GenAI layer were the inner client (when telemetry is on): it answers first, then the vendor client.</remarks>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : (GenAi ?? InnerClient).GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _calls.DefaultModel;
        var charge = new TokenCharge();
        LlmCallContext.Current = new LlmCall(model, charge);
        var started = _calls.Time.GetTimestamp();
        try
        {
            var response = await Next.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);

            // The tokens-per-minute window now holds what the vendor says the call spent, not the estimate.
            await charge.SettleAsync(response.Usage).ConfigureAwait(false);
            return response;
        }
        catch (LlmRequestException ex)
        {
            _calls.Failed(ex, "chat", model, started);
            throw;
        }
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Bad arguments throw on the call, as the vendor client intends: its GetStreamingResponseAsync validates before it
        // returns the (not yet started) stream, while the GenAI layer is an iterator that would defer the throw.
        var model = options?.ModelId ?? _calls.DefaultModel;
        var started = _calls.Time.GetTimestamp();
        var updates = InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken);
        var next = Next;
        if (!ReferenceEquals(next, InnerClient))
        {
            updates = next.GetStreamingResponseAsync(messages, options, cancellationToken);
        }

        return MeasureAsync(updates, model, started, cancellationToken);
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

    // Typed as the interface on purpose: jitting Next or Dispose then loads none of Microsoft.Extensions.AI's types.
#pragma warning disable CA1859
    private IChatClient GenAiClient() => Volatile.Read(ref _genAi) ?? CreateGenAi();

    private IChatClient CreateGenAi()
#pragma warning restore CA1859
    {
        lock (_genAiGate)
        {
            if (_genAi is { } existing)
            {
                return existing;
            }

            var layer = new OpenTelemetryChatClient(InnerClient, _loggerFactory?.CreateLogger(typeof(OpenTelemetryChatClient)), LlmClientsTelemetry.GenAISourceName)
            {
                EnableSensitiveData = _calls.Instance.EnableSensitiveData,
            };
            Volatile.Write(ref _genAi, layer);
            return layer;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> MeasureAsync(IAsyncEnumerable<ChatResponseUpdate> updates, string? model, long started, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var measure = _calls.Instance.Enabled && (LlmTelemetry.TimeToFirstChunk.Enabled || LlmTelemetry.TimePerOutputChunk.Enabled);
        var tags = measure ? LlmTelemetry.Tags(_calls.Instance, model) : default;
        long? last = null;
        bool yielded = false;
        var charge = new TokenCharge();
        var call = new LlmCall(model, charge);
        UsageDetails? usage = null;
        var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    // Set before every step until the first update: the request is sent (and re-sent, re-authenticated or
                    // reopened) only before it. Setting it on later steps would allocate an execution context per chunk.
                    if (!yielded)
                    {
                        LlmCallContext.Current = call;
                    }

                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;

                    // By index: a foreach over the IList would box an enumerator for every update.
                    var contents = update.Contents;
                    for (int i = 0; i < contents.Count; i++)
                    {
                        if (contents[i] is UsageContent { Details: { } details })
                        {
                            usage = details;
                        }
                    }
                }
                catch (LlmRequestException ex)
                {
                    _calls.Failed(ex, "chat", model, started);
                    throw;
                }

                if (measure)
                {
                    var now = _calls.Time.GetTimestamp();
                    if (last is long previous)
                    {
                        LlmTelemetry.TimePerOutputChunk.Record(_calls.Time.GetElapsedTime(previous, now).TotalSeconds, tags);
                    }
                    else
                    {
                        LlmTelemetry.TimeToFirstChunk.Record(_calls.Time.GetElapsedTime(started, now).TotalSeconds, tags);
                    }

                    last = now;
                }

                yielded = true;
                yield return update;
            }

            await charge.SettleAsync(usage).ConfigureAwait(false);
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
