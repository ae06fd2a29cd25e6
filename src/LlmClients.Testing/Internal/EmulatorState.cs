using LlmClients.Testing.DashScope;
using LlmClients.Testing.OpenAI;
using LlmClients.Testing.Qianfan;
using LlmClients.Testing.Zhipu;

namespace LlmClients.Testing;

/// <summary>
/// The state shared by every request of one emulator: options, the fault script, the request log, id counters and
/// each vendor's controls.
/// </summary>
internal sealed class EmulatorState
{
    private long _requestIds;
    private long _responseIds;
    private long _toolCallIds;
    private Uri? _baseUri;

    public EmulatorState(LlmEmulatorOptions options)
    {
        Options = options;
        OpenAI = new OpenAIEmulator(this);
        DashScope = new DashScopeEmulator(this);
        Zhipu = new ZhipuEmulator(this);
        Qianfan = new QianfanEmulator(this);
    }

    public LlmEmulatorOptions Options { get; }

    public EmulatorFaultScript Faults { get; } = new();

    public EmulatorRequestLog Requests { get; } = new();

    /// <summary>Gets or sets the emulator's root address, known once the host has started.</summary>
    public Uri BaseUri
    {
        get => _baseUri ?? throw new InvalidOperationException("The emulator has not started.");
        set => _baseUri = value;
    }

    public OpenAIEmulator OpenAI { get; }

    public DashScopeEmulator DashScope { get; }

    public ZhipuEmulator Zhipu { get; }

    public QianfanEmulator Qianfan { get; }

    public long NextRequestId() => Interlocked.Increment(ref _requestIds);

    public long NextResponseId() => Interlocked.Increment(ref _responseIds);

    public long NextToolCallId() => Interlocked.Increment(ref _toolCallIds);

    public long UnixNow() => Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
}
