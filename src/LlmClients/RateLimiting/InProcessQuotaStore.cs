using System.Globalization;

namespace LlmClients.RateLimiting;

/// <summary>
/// The default <see cref="LlmQuotaStore"/>: sliding-window logs in this process's memory, one per key, on the caller's
/// clock. Thread-safe. Also the fallback of the Redis store while Redis is unreachable.
/// </summary>
public sealed class InProcessQuotaStore : LlmQuotaStore
{
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _nextId;

    /// <inheritdoc />
    public override ValueTask<LlmQuotaGrant> TryTakeAsync(string key, long amount, long limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_windows)
        {
            var log = Get(key);

            // A clock reading older than the newest charge (taken before a slow hop) counts from that charge: the window
            // never moves backwards, so an old reading cannot slip past the limit, and the log stays in time order.
            if (log.Charges.Count > 0 && log.Charges[^1].At > now)
            {
                now = log.Charges[^1].At;
            }

            log.Expire(now - window);
            if (log.Total + amount <= limit)
            {
                var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
                log.Charges.Add(new Charge(id, now, amount));
                log.Total += amount;
                return ValueTask.FromResult(LlmQuotaGrant.Grant(id));
            }

            // The oldest charges leave the window first: wait until enough of them have.
            var excess = log.Total + amount - limit;
            foreach (var charge in log.Charges)
            {
                excess -= charge.Amount;
                if (excess <= 0)
                {
                    return ValueTask.FromResult(LlmQuotaGrant.Deny(charge.At + window - now));
                }
            }

            return ValueTask.FromResult(LlmQuotaGrant.Deny(window));
        }
    }

    /// <inheritdoc />
    public override ValueTask AdjustAsync(string key, string chargeId, long delta, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_windows)
        {
            var log = Get(key);
            log.Expire(now - window);
            var index = log.Charges.FindIndex(c => c.Id == chargeId);
            if (index >= 0)
            {
                var charge = log.Charges[index];
                var amount = Math.Max(0, charge.Amount + delta);
                log.Total += amount - charge.Amount;
                log.Charges[index] = charge with { Amount = amount };
            }
        }

        return ValueTask.CompletedTask;
    }

    private Window Get(string key)
    {
        if (!_windows.TryGetValue(key, out var log))
        {
            _windows[key] = log = new Window();
        }

        return log;
    }

    private sealed record Charge(string Id, DateTimeOffset At, long Amount);

    private sealed class Window
    {
        public List<Charge> Charges { get; } = [];

        public long Total { get; set; }

        public void Expire(DateTimeOffset before)
        {
            int gone = 0;
            while (gone < Charges.Count && Charges[gone].At <= before)
            {
                Total -= Charges[gone].Amount;
                gone++;
            }

            Charges.RemoveRange(0, gone);
        }
    }
}
