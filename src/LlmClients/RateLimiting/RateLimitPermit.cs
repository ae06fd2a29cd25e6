using System.Threading.RateLimiting;

namespace LlmClients.RateLimiting;

/// <summary>The permits one request holds: concurrency leases (given back on dispose) and per-minute charges (corrected later by usage).</summary>
internal sealed class RateLimitPermit : IDisposable
{
    private readonly List<RateLimitLease> _leases = [];
    private int _disposed;

    /// <summary>Gets the token charges of the request, for <see cref="TokenCharge"/>.</summary>
    public List<TokenCharge.Entry> TokenCharges { get; } = [];

    /// <summary>Gets whether the permit holds a concurrency lease (and so must live as long as the response body).</summary>
    public bool HoldsConcurrency => _leases.Count > 0;

    /// <summary>Adds a concurrency lease.</summary>
    /// <param name="lease">The lease.</param>
    public void Add(RateLimitLease lease) => _leases.Add(lease);

    /// <summary>Adds a per-minute charge.</summary>
    /// <param name="limiter">The limiter.</param>
    /// <param name="chargeId">The charge id.</param>
    /// <param name="amount">The amount charged.</param>
    /// <param name="isTokens">Whether the charge is tokens (and so corrected by usage).</param>
    public void AddCharge(QuotaRateLimiter limiter, string chargeId, long amount, bool isTokens)
    {
        if (isTokens)
        {
            TokenCharges.Add(new(limiter, chargeId, amount));
        }
    }

    /// <summary>Gives the concurrency leases back (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var lease in _leases)
            {
                lease.Dispose();
            }
        }
    }
}
