namespace LlmClients.Testing;

/// <summary>
/// The state shared by every request of one emulator: options, the fault script, the request log and id counters.
/// </summary>
internal sealed class EmulatorState(LlmEmulatorOptions options)
{
    private long _requestIds;
    private long _responseIds;
    private long _toolCallIds;

    public LlmEmulatorOptions Options { get; } = options;

    public EmulatorFaultScript Faults { get; } = new();

    public EmulatorRequestLog Requests { get; } = new();

    public long NextRequestId() => Interlocked.Increment(ref _requestIds);

    public long NextResponseId() => Interlocked.Increment(ref _responseIds);

    public long NextToolCallId() => Interlocked.Increment(ref _toolCallIds);

    public long UnixNow() => Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
}
