using System.Globalization;
using LlmClients.RateLimiting;
using StackExchange.Redis;

namespace LlmClients.Redis;

/// <summary>
/// An <see cref="LlmQuotaStore"/> in Redis, shared by every process that uses the same Redis: each quota is a sorted set of
/// charges scored by time (members <c>&lt;seq&gt;:&lt;amount&gt;</c>), trimmed, summed and charged atomically by one Lua
/// script. Corrections are extra members at the original charge's time, so they leave the window with it. The time is the
/// caller's clock (hosts keep theirs in sync; a few milliseconds of skew are nothing against a 60-second window). While Redis
/// is unreachable, quotas are counted per process (<see cref="InProcessQuotaStore"/>), logged once.
/// </summary>
internal sealed class RedisQuotaStore : LlmQuotaStore
{
    // KEYS[1] the charges (sorted set), KEYS[2] the sequence. ARGV: now (ms), window (ms), amount, limit.
    // Returns {1, chargeId} or {0, retryAfterMs}.
    private const string TakeScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local amount = tonumber(ARGV[3])
        local limit = tonumber(ARGV[4])
        -- A caller whose clock reading is older than the newest charge (read before a slow hop, or a host a little behind)
        -- counts from that charge's time: the window never moves backwards, so an old reading cannot slip past the limit.
        local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        if #newest == 2 and tonumber(newest[2]) > now then
          now = tonumber(newest[2])
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local charges = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        local total = 0
        for i = 1, #charges, 2 do
          total = total + tonumber(string.match(charges[i], ':(-?%d+)$'))
        end
        if total + amount <= limit then
          local seq = redis.call('INCR', KEYS[2])
          redis.call('ZADD', KEYS[1], now, seq .. ':' .. amount)
          redis.call('PEXPIRE', KEYS[1], window + 1000)
          redis.call('PEXPIRE', KEYS[2], window + 1000)
          return {1, now .. '-' .. seq}
        end
        local excess = total + amount - limit
        for i = 1, #charges, 2 do
          excess = excess - tonumber(string.match(charges[i], ':(-?%d+)$'))
          if excess <= 0 then
            return {0, tostring(tonumber(charges[i + 1]) + window - now)}
          end
        end
        return {0, tostring(window)}
        """;

    // KEYS[1] the charges, KEYS[2] the sequence. ARGV: the charge's time (ms), delta, now (ms), window (ms).
    private const string AdjustScript = """
        local at = tonumber(ARGV[1])
        if at <= tonumber(ARGV[3]) - tonumber(ARGV[4]) then
          return 0
        end
        local seq = redis.call('INCR', KEYS[2])
        redis.call('ZADD', KEYS[1], at, seq .. ':' .. ARGV[2])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + 1000)
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly InProcessQuotaStore _fallback = new();

    /// <summary>Initializes the store.</summary>
    /// <param name="redis">The connection.</param>
    public RedisQuotaStore(RedisConnection redis) => _redis = redis;

    /// <inheritdoc />
    public override async ValueTask<LlmQuotaGrant> TryTakeAsync(string key, long amount, long limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (await _redis.GetDatabaseAsync().ConfigureAwait(false) is { } db)
        {
            try
            {
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(
                    TakeScript,
                    [Key(key), Key(key) + ":seq"],
                    [now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, amount, limit]).ConfigureAwait(false))!;
                _redis.Succeeded();
                return (int)result[0] == 1
                    ? LlmQuotaGrant.Grant((string)result[1]!)
                    : LlmQuotaGrant.Deny(TimeSpan.FromMilliseconds(long.Parse((string)result[1]!, CultureInfo.InvariantCulture)));
            }
            catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
            {
                _redis.Failed("quota", ex);
            }
        }

        return Local(await _fallback.TryTakeAsync(key, amount, limit, window, now, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public override async ValueTask AdjustAsync(string key, string chargeId, long delta, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(chargeId);
        if (chargeId.StartsWith(LocalPrefix, StringComparison.Ordinal))
        {
            await _fallback.AdjustAsync(key, chargeId[LocalPrefix.Length..], delta, window, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        var dash = chargeId.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !long.TryParse(chargeId.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || await _redis.GetDatabaseAsync().ConfigureAwait(false) is not { } db)
        {
            return;
        }

        try
        {
            await db.ScriptEvaluateAsync(
                AdjustScript,
                [Key(key), Key(key) + ":seq"],
                [at, delta, now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds]).ConfigureAwait(false);
            _redis.Succeeded();
        }
        catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
        {
            _redis.Failed("quota", ex);
        }
    }

    private const string LocalPrefix = "local:";

    private static LlmQuotaGrant Local(LlmQuotaGrant grant)
        => grant.Granted ? LlmQuotaGrant.Grant(LocalPrefix + grant.ChargeId) : grant;

    private string Key(string key) => _redis.Options.KeyPrefix + key;
}
