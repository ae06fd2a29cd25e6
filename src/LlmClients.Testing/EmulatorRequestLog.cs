namespace LlmClients.Testing;

/// <summary>
/// A thread-safe, append-only log of the requests an <see cref="LlmEmulator"/> has received. Read it through <see cref="Snapshot"/>.
/// </summary>
public sealed class EmulatorRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<EmulatedRequest> _requests = [];

    /// <summary>
    /// Gets the number of requests received so far.
    /// </summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>
    /// Counts the received requests whose path contains <paramref name="pathContains"/> (ordinal, case-insensitive).
    /// </summary>
    /// <param name="pathContains">A fragment of the path, for example <c>"chat/completions"</c>.</param>
    /// <returns>The number of matching requests.</returns>
    public int CountMatching(string pathContains)
    {
        ArgumentNullException.ThrowIfNull(pathContains);
        lock (_gate)
        {
            return _requests.Count(r => r.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Returns a snapshot of the received requests, oldest first.
    /// </summary>
    /// <returns>A copy of the log.</returns>
    public IReadOnlyList<EmulatedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    /// <summary>
    /// Removes every recorded request.
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal void Add(EmulatedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }
}
