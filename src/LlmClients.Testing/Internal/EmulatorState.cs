namespace LlmClients.Testing;

/// <summary>
/// The state shared by every request of one emulator: options, the fault script, the request log, id counters and
/// the vendor parts (each vendor's controls, owned by its own type and created on first use through <see cref="Part{T}"/>,
/// so nothing here names a vendor).
/// </summary>
internal sealed class EmulatorState
{
    private long _requestIds;
    private long _responseIds;
    private long _toolCallIds;
    private readonly Dictionary<Type, object> _parts = [];
    private Uri? _baseUri;

    public EmulatorState(LlmEmulatorOptions options)
    {
        Options = options;
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

    /// <summary>Gets a vendor part (for example the object behind <c>LlmEmulator.OpenAI</c>), creating it on first use.</summary>
    /// <typeparam name="T">The vendor part's type; one instance per emulator.</typeparam>
    /// <param name="create">Creates the part.</param>
    /// <returns>The emulator's one instance of <typeparamref name="T"/>.</returns>
    public T Part<T>(Func<EmulatorState, T> create)
        where T : class
    {
        lock (_parts)
        {
            if (!_parts.TryGetValue(typeof(T), out var part))
            {
                part = create(this);
                _parts.Add(typeof(T), part);
            }

            return (T)part;
        }
    }

    public long NextRequestId() => Interlocked.Increment(ref _requestIds);

    public long NextResponseId() => Interlocked.Increment(ref _responseIds);

    public long NextToolCallId() => Interlocked.Increment(ref _toolCallIds);

    public long UnixNow() => Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
}
