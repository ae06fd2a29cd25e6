using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace LlmClients.Redis;

/// <summary>
/// The one Redis connection of a container (connected on first use, never blocking it), and the rule both stores follow when
/// Redis fails: log once, use per-process state for <see cref="LlmRedisOptions.RetryInterval"/>, try Redis again, log once
/// when it answers.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _downUntil;
    private int _down;

    /// <summary>Initializes the connection.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">The clock of the retry interval.</param>
    /// <param name="logger">The logger.</param>
    public RedisConnection(LlmRedisOptions options, TimeProvider time, ILogger? logger)
    {
        Options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _connection = new(() => ConnectAsync(options.Configuration!));
    }

    /// <summary>Gets the settings.</summary>
    public LlmRedisOptions Options { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>Returns the database, or null while Redis is considered down (use per-process state).</summary>
    /// <returns>The database, or null.</returns>
    public async ValueTask<IDatabase?> GetDatabaseAsync()
    {
        if (Volatile.Read(ref _down) == 1 && _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntil))
        {
            return null;
        }

        try
        {
            return (await _connection.Value.ConfigureAwait(false)).GetDatabase();
        }
        catch (RedisException ex)
        {
            Failed("connect", ex);
            return null;
        }
    }

    /// <summary>Records a failed Redis call: logs the outage once and falls back for the retry interval.</summary>
    /// <param name="operation">What was being done (<c>quota</c>, <c>token</c>).</param>
    /// <param name="exception">The failure (its type is logged, never a key or token).</param>
    public void Failed(string operation, Exception exception)
    {
        Interlocked.Exchange(ref _downUntil, (_time.GetUtcNow() + Options.RetryInterval).UtcTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            Log.RedisUnavailable(_logger, operation, exception.GetType().Name, Options.RetryInterval.TotalSeconds);
        }
    }

    /// <summary>Records a successful Redis call: logs the recovery once after an outage.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            Log.RedisRecovered(_logger);
        }
    }

    /// <summary>Says whether an exception means Redis is unreachable or failing (and not the caller's cancellation).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>True for Redis failures.</returns>
    public static bool IsRedisFailure(Exception exception) => exception is RedisException or TimeoutException or ObjectDisposedException;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);

        // Never block or fail startup on Redis, and never queue commands while it is away: the stores fall back instead.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }
}
