namespace LlmClients.Testing;

/// <summary>
/// A thread-safe queue of faults applied, in order, to the next requests whose path matches.
/// </summary>
/// <remarks>
/// A request that carries an <c>x-emulator-fault</c> header uses that fault and leaves the queue alone.
/// </remarks>
public sealed class EmulatorFaultScript
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>
    /// Gets the number of queued entries still waiting for a request.
    /// </summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="fault"/> for the next request whose path contains <paramref name="pathContains"/>
    /// (for <see cref="EmulatorFault.FailTimes"/>, the next <see cref="EmulatorFault.Times"/> such requests).
    /// </summary>
    /// <param name="fault">The fault.</param>
    /// <param name="pathContains">A path fragment (ordinal, case-insensitive), for example <c>"embeddings"</c>; <see langword="null"/> matches every request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fault"/> is <see langword="null"/>.</exception>
    public void Enqueue(EmulatorFault fault, string? pathContains = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _entries.Add(new Entry(fault, pathContains, fault.Times));
        }
    }

    /// <summary>
    /// Removes every queued fault.
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal EmulatorFault? TryTake(string path)
    {
        lock (_gate)
        {
            var index = _entries.FindIndex(e => e.PathContains is null || path.Contains(e.PathContains, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var entry = _entries[index];
            entry.Remaining--;
            if (entry.Remaining <= 0)
            {
                _entries.RemoveAt(index);
            }

            return entry.Fault;
        }
    }

    private sealed class Entry(EmulatorFault fault, string? pathContains, int remaining)
    {
        public EmulatorFault Fault { get; } = fault;

        public string? PathContains { get; } = pathContains;

        public int Remaining { get; set; } = remaining;
    }
}
