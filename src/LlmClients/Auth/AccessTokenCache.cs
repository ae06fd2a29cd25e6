namespace LlmClients.Auth;

/// <summary>
/// Caches one access token with early refresh and single-flight acquisition, on a <see cref="TimeProvider"/>.
/// Thread-safe: however many callers find the cache cold or stale, exactly one acquisition runs and all of them await it.
/// </summary>
/// <remarks>
/// The acquisition runs with <see cref="CancellationToken.None"/> because it is shared: one caller's cancellation only
/// stops that caller's wait. The acquire delegate must therefore bound its own duration (its HTTP client has timeouts).
/// A failed acquisition fails every caller waiting on it; the next call starts a new one.
/// </remarks>
internal sealed class AccessTokenCache
{
    private readonly Func<CancellationToken, Task<AccessToken>> _acquire;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refreshBefore;
    private readonly Lock _lock = new();
    private AccessToken? _current;
    private DateTimeOffset _refreshAt;
    private Task<AccessToken>? _pending;
    private readonly LlmTokenStore? _store;
    private readonly string? _storeKey;
    private Task _invalidation = Task.CompletedTask;

    /// <summary>Initializes the cache.</summary>
    /// <param name="acquire">Fetches a new token (a token exchange, or signing a JWT).</param>
    /// <param name="timeProvider">The clock expiry is measured on.</param>
    /// <param name="refreshBefore">How long before <see cref="AccessToken.ExpiresAt"/> a token is replaced (at most half its lifetime).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="refreshBefore"/> is negative.</exception>
    /// <param name="store">A token store shared with other processes, asked before <paramref name="acquire"/>, or null.</param>
    /// <param name="storeKey">The hashed key of the token in <paramref name="store"/> (<see cref="TokenStoreKey"/>).</param>
    public AccessTokenCache(Func<CancellationToken, Task<AccessToken>> acquire, TimeProvider timeProvider, TimeSpan refreshBefore, LlmTokenStore? store = null, string? storeKey = null)
    {
        ArgumentNullException.ThrowIfNull(acquire);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshBefore, TimeSpan.Zero);
        _acquire = acquire;
        _timeProvider = timeProvider;
        _refreshBefore = refreshBefore;
        if (store is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(storeKey);
            _store = store;
            _storeKey = storeKey;
        }
    }

    /// <summary>Returns the cached token, or waits for the one acquisition in flight (starting it if needed).</summary>
    /// <param name="cancellationToken">Stops this caller's wait; the shared acquisition goes on for the others.</param>
    /// <returns>The token.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<AccessToken>? owner = null;
        Task<AccessToken> pending;
        lock (_lock)
        {
            if (_current is AccessToken current && _timeProvider.GetUtcNow() < _refreshAt)
            {
                return new ValueTask<string>(current.Value);
            }

            if (_pending is null)
            {
                owner = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending = owner.Task;
            }

            pending = _pending;
        }

        if (owner is not null)
        {
            // Started outside the lock, so a synchronous acquire cannot re-enter it half-way.
            _ = AcquireAsync(owner);
        }

        return WaitAsync(pending, cancellationToken);
    }

    /// <summary>Drops the cached token if it is still <paramref name="token"/>, so many "token expired" replies cause one refresh.</summary>
    /// <param name="token">The token the vendor rejected.</param>
    public void Invalidate(string token)
    {
        lock (_lock)
        {
            if (_current is AccessToken current && string.Equals(current.Value, token, StringComparison.Ordinal))
            {
                _current = null;
                if (_store is not null)
                {
                    // The shared copy goes too, before this process asks the store again (AcquireAsync awaits it).
                    _invalidation = _store.InvalidateAsync(_storeKey!, token).AsTask();
                }
            }
        }
    }

    private static async ValueTask<string> WaitAsync(Task<AccessToken> pending, CancellationToken cancellationToken)
        => (await pending.WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    private async Task<AccessToken> AcquireSharedAsync()
    {
        if (_store is null)
        {
            return await _acquire(CancellationToken.None).ConfigureAwait(false);
        }

        Task invalidation;
        lock (_lock)
        {
            invalidation = _invalidation;
        }

        await invalidation.ConfigureAwait(false);
        var shared = await _store.GetOrAcquireAsync(
            _storeKey!,
            _timeProvider.GetUtcNow() + _refreshBefore,
            async ct =>
            {
                var token = await _acquire(ct).ConfigureAwait(false);
                return new LlmStoredToken(token.Value, token.ExpiresAt);
            },
            CancellationToken.None).ConfigureAwait(false);
        return new AccessToken(shared.Value, shared.ExpiresAt);
    }

    private async Task AcquireAsync(TaskCompletionSource<AccessToken> owner)
    {
        AccessToken token;
        try
        {
            token = await AcquireSharedAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure belongs to the waiters, not to this fire-and-forget task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_lock)
            {
                _pending = null;
            }

            owner.SetException(ex);
            return;
        }

        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            var lifetime = token.ExpiresAt - now;

            // Early refresh, but never more than half the lifetime early, so a short-lived token is not re-fetched on every call.
            var early = lifetime > TimeSpan.Zero && _refreshBefore > lifetime / 2 ? lifetime / 2 : _refreshBefore;
            _current = token;

            // The token is a secret the vendor may echo: every later message masks it by value.
            Http.Redaction.Remember(this, token.Value);
            _refreshAt = token.ExpiresAt - early;
            _pending = null;
        }

        owner.SetResult(token);
    }
}
