namespace LlmClients.RateLimiting;

/// <summary>
/// The token charges of one chat or embedding call (one per HTTP request; a split embedding batch makes several), estimated
/// before sending and corrected, once the vendor reports usage, so the window holds what the call really spent.
/// </summary>
internal sealed class TokenCharge
{
    // Created by the first charge: a call without token limits allocates no list (nor loads the limiter types). Guarded by
    // locking this object.
    private List<Entry>? _charges;

    /// <summary>Records the charges of one request.</summary>
    /// <param name="permit">The request's permit.</param>
    public void Add(RateLimitPermit permit)
    {
        if (permit.TokenCharges.Count == 0)
        {
            return;
        }

        lock (this)
        {
            (_charges ??= []).AddRange(permit.TokenCharges);
        }
    }

    /// <summary>Corrects every limiter's charges to the usage the vendor reported (input plus output tokens).</summary>
    /// <param name="usage">The usage, or null (the estimates stand).</param>
    /// <returns>A task; a store failure is not the caller's (the Redis store logs and falls back on its own).</returns>
    public ValueTask SettleAsync(UsageDetails? usage) => _charges is null ? default : SettleChargesAsync(usage);

    private async ValueTask SettleChargesAsync(UsageDetails? usage)
    {
        var actual = usage?.TotalTokenCount ?? (usage is null ? null : (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0));
        List<Entry> charges;
        lock (this)
        {
            if (actual is not long total || total <= 0 || _charges is not { Count: > 0 })
            {
                return;
            }

            charges = [.. _charges];
            _charges.Clear();
        }

        foreach (var group in charges.GroupBy(c => c.Limiter))
        {
            var list = group.ToList();
            var delta = actual.Value - list.Sum(c => c.Amount);
            try
            {
                if (delta > 0)
                {
                    // More than estimated: the latest charge carries the rest.
                    await group.Key.AdjustAsync(list[^1].ChargeId, delta).ConfigureAwait(false);
                    continue;
                }

                // Less than estimated: give back from the latest charges first, none below zero.
                for (int i = list.Count - 1; i >= 0 && delta < 0; i--)
                {
                    var back = Math.Max(delta, -list[i].Amount);
                    await group.Key.AdjustAsync(list[i].ChargeId, back).ConfigureAwait(false);
                    delta -= back;
                }
            }
#pragma warning disable CA1031 // A failed correction leaves the estimate in place; the call itself succeeded.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>One charge of one limiter.</summary>
    /// <param name="Limiter">The limiter charged.</param>
    /// <param name="ChargeId">The charge id, to correct it.</param>
    /// <param name="Amount">The amount charged.</param>
    internal readonly record struct Entry(QuotaRateLimiter Limiter, string ChargeId, long Amount);
}
