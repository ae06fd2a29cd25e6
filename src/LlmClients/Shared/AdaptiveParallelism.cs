namespace LlmClients.Shared;

/// <summary>
/// How many parts of a split embedding batch may be in flight: starts at the configured maximum, halves (down to 1) each
/// time the vendor throttles (HTTP 429), and grows back by one per part that succeeds, up to the maximum (additive
/// increase, multiplicative decrease). Thread-safe.
/// </summary>
/// <param name="maximum">The configured parallelism (at least 1).</param>
internal sealed class AdaptiveParallelism(int maximum)
{
    private readonly int _maximum = maximum;
    private int _limit = maximum;

    /// <summary>Gets the current limit.</summary>
    public int Limit => Volatile.Read(ref _limit);

    /// <summary>Halves the limit (not below 1).</summary>
    public void Throttled()
    {
        int current, next;
        do
        {
            current = Volatile.Read(ref _limit);
            next = Math.Max(1, current / 2);
        }
        while (Interlocked.CompareExchange(ref _limit, next, current) != current);
    }

    /// <summary>Raises the limit by one (not above the maximum).</summary>
    public void Succeeded()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _limit);
            if (current >= _maximum)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _limit, current + 1, current) != current);
    }
}
