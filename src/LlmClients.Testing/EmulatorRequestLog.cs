namespace LlmClients.Testing;

/// <summary>
/// A thread-safe, append-only log of the requests an <see cref="LlmEmulator"/> has received, or a view of it limited to
/// one vendor's paths (for example <c>emulator.Qianfan.Requests</c>). Read it through <see cref="Snapshot"/>.
/// </summary>
public sealed class EmulatorRequestLog
{
    private readonly Store _store;
    private readonly string[]? _pathPrefixes;

    internal EmulatorRequestLog()
        : this(new Store(), null)
    {
    }

    private EmulatorRequestLog(Store store, string[]? pathPrefixes)
    {
        _store = store;
        _pathPrefixes = pathPrefixes;
    }

    /// <summary>
    /// Gets the number of requests received so far (in this view).
    /// </summary>
    public int Count
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.Requests.Count(Includes);
            }
        }
    }

    /// <summary>
    /// Counts the received requests (in this view) whose path contains <paramref name="pathContains"/> (ordinal, case-insensitive).
    /// </summary>
    /// <param name="pathContains">A fragment of the path, for example <c>"chat/completions"</c>.</param>
    /// <returns>The number of matching requests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pathContains"/> is <see langword="null"/>.</exception>
    public int CountMatching(string pathContains)
    {
        ArgumentNullException.ThrowIfNull(pathContains);
        lock (_store.Gate)
        {
            return _store.Requests.Count(r => Includes(r) && r.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Returns a snapshot of the received requests (in this view), oldest first.
    /// </summary>
    /// <returns>A copy of the log.</returns>
    public IReadOnlyList<EmulatedRequest> Snapshot()
    {
        lock (_store.Gate)
        {
            return [.. _store.Requests.Where(Includes)];
        }
    }

    /// <summary>
    /// Removes every recorded request (in this view; a vendor's view leaves the other vendors' requests alone).
    /// </summary>
    public void Clear()
    {
        lock (_store.Gate)
        {
            _store.Requests.RemoveAll(Includes);
        }
    }

    /// <summary>Returns a view of the same log limited to the requests whose path starts with one of <paramref name="pathPrefixes"/>.</summary>
    internal EmulatorRequestLog For(params string[] pathPrefixes) => new(_store, pathPrefixes);

    internal void Add(EmulatedRequest request)
    {
        lock (_store.Gate)
        {
            _store.Requests.Add(request);
        }
    }

    private bool Includes(EmulatedRequest request) =>
        _pathPrefixes is null || _pathPrefixes.Any(p => request.Path.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private sealed class Store
    {
        public Lock Gate { get; } = new();

        public List<EmulatedRequest> Requests { get; } = [];
    }
}
