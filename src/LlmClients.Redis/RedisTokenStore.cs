using System.Diagnostics;
using LlmClients.Auth;
using StackExchange.Redis;

namespace LlmClients.Redis;

/// <summary>
/// An <see cref="LlmTokenStore"/> in Redis: one token exchange per fleet. The key is the core's hash of the credentials
/// (<c>llmclients:token:&lt;kind&gt;:&lt;sha-256&gt;</c>), the value is the token as-is (a secret: Redis must be private to
/// the fleet, with AUTH/TLS as your deployment requires) with a time-to-live ending at the token's expiry, so Redis drops it
/// by itself. Single flight across processes: a short lock (<c>SET &lt;key&gt;:lock NX PX</c>) names the one process that
/// exchanges; the others poll for its token (every 20 ms, at most <see cref="LlmRedisOptions.TokenLockTimeout"/>), then
/// exchange on their own. While Redis is unreachable each process exchanges for itself, logged once.
/// </summary>
internal sealed class RedisTokenStore : LlmTokenStore
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    // Deletes the lock only if it is still ours (it may have expired and been taken by another process).
    private const string UnlockScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    // Deletes the token only if it is still the rejected one (another process may have stored a fresh one).
    private const string InvalidateScript = UnlockScript;

    private readonly RedisConnection _redis;

    /// <summary>Initializes the store.</summary>
    /// <param name="redis">The connection.</param>
    public RedisTokenStore(RedisConnection redis) => _redis = redis;

    /// <inheritdoc />
    public override async ValueTask<LlmStoredToken> GetOrAcquireAsync(string key, DateTimeOffset freshUntil, Func<CancellationToken, Task<LlmStoredToken>> acquire, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(acquire);
        var tokenKey = (RedisKey)(_redis.Options.KeyPrefix + key);
        var lockKey = (RedisKey)(_redis.Options.KeyPrefix + key + ":lock");

        // Polling paces network calls to Redis; it is not token time, so it runs on the real clock.
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var db = await _redis.GetDatabaseAsync().ConfigureAwait(false);
            if (db is null)
            {
                return await acquire(cancellationToken).ConfigureAwait(false);
            }

            var (found, ok) = await TryReadAsync(db, tokenKey, freshUntil).ConfigureAwait(false);
            if (found is { } token)
            {
                return token;
            }

            var lockValue = Guid.NewGuid().ToString("N");
            var locked = ok && await TryRedisAsync(() => db.StringSetAsync(lockKey, lockValue, _redis.Options.TokenLockTimeout, When.NotExists)).ConfigureAwait(false);
            if (!ok || locked || waiting.Elapsed >= _redis.Options.TokenLockTimeout)
            {
                // This process exchanges: it holds the lock, Redis just failed, or the holder took too long.
                try
                {
                    // The holder before us may have stored its token and unlocked between our read and our lock: read again.
                    if (locked && (await TryReadAsync(db, tokenKey, freshUntil).ConfigureAwait(false)).Token is { } stored)
                    {
                        return stored;
                    }

                    var fresh = await acquire(cancellationToken).ConfigureAwait(false);
                    var ttl = fresh.ExpiresAt - _redis.Time.GetUtcNow();
                    if (ttl > TimeSpan.Zero)
                    {
                        await TryRedisAsync(() => db.StringSetAsync(tokenKey, fresh.Value, ttl)).ConfigureAwait(false);
                    }

                    return fresh;
                }
                finally
                {
                    if (locked)
                    {
                        await TryRedisAsync(async () => (bool)await db.ScriptEvaluateAsync(UnlockScript, [lockKey], [lockValue]).ConfigureAwait(false)).ConfigureAwait(false);
                    }
                }
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async ValueTask InvalidateAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (await _redis.GetDatabaseAsync().ConfigureAwait(false) is { } db)
        {
            await TryRedisAsync(async () => (bool)await db.ScriptEvaluateAsync(InvalidateScript, [(RedisKey)(_redis.Options.KeyPrefix + key)], [value]).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    private async Task<(LlmStoredToken? Token, bool Ok)> TryReadAsync(IDatabase db, RedisKey key, DateTimeOffset freshUntil)
    {
        try
        {
            var stored = await db.StringGetWithExpiryAsync(key).ConfigureAwait(false);
            _redis.Succeeded();
            if (stored.Value.IsNullOrEmpty || stored.Expiry is not { } ttl)
            {
                return (null, true);
            }

            var token = new LlmStoredToken(stored.Value!, _redis.Time.GetUtcNow() + ttl);
            return (token.ExpiresAt > freshUntil ? token : null, true);
        }
        catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
        {
            _redis.Failed("token", ex);
            return (null, false);
        }
    }

    private async Task<bool> TryRedisAsync(Func<Task<bool>> call)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            _redis.Succeeded();
            return result;
        }
        catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
        {
            _redis.Failed("token", ex);
            return false;
        }
    }
}
