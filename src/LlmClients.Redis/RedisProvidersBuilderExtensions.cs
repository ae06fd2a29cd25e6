using LlmClients.Auth;
using LlmClients.RateLimiting;
using LlmClients.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the client-side limits and access tokens of every instance through Redis (package LlmClients.Redis).</summary>
public static class RedisProvidersBuilderExtensions
{
    /// <summary>
    /// Keeps the per-minute limits (<c>Limits:RequestsPerMinute</c>, <c>Limits:TokensPerMinute</c>, per instance and model)
    /// and the Qianfan access token / Zhipu JWT in Redis, so every process that uses the same Redis and instance name shares
    /// one quota and one token exchange. Concurrency (<c>Limits:MaxConcurrency</c>) stays per process. Connecting never blocks
    /// or fails startup; while Redis is unreachable the limits are per process and tokens are exchanged locally (logged as
    /// a warning once, category <c>LlmClients.Redis</c>, event 1301), and Redis is used again once it answers (event 1302).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, for example <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Adjusts the other settings, or null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="configuration"/> is null or white space, names no endpoint or holds an option StackExchange.Redis does not
    /// take (checked here, without connecting; the message never repeats the string, which may hold a password).
    /// </exception>
    public static LlmProvidersBuilder UseRedis(this LlmProvidersBuilder builder, string configuration, Action<LlmRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = new LlmRedisOptions { Configuration = configuration };
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            throw new ArgumentException("LlmRedisOptions.Configuration is empty: give the Redis configuration string, for example \"localhost:6379\".", nameof(configure));
        }

        RequireParsable(options.Configuration);
        // At most a day: the stores add these to the clock and hand them to Redis as expiries, so huge values would overflow.
        var day = TimeSpan.FromDays(1);
        if (options.RetryInterval < TimeSpan.Zero || options.TokenLockTimeout <= TimeSpan.Zero || options.RetryInterval > day || options.TokenLockTimeout > day)
        {
            throw new ArgumentException("LlmRedisOptions.RetryInterval must be 0 to 1 day and TokenLockTimeout more than 0 and at most 1 day (the defaults are 5 s and 10 s).", nameof(configure));
        }

        options.KeyPrefix ??= string.Empty;
        var services = builder.Services;
        services.RemoveAll<RedisConnection>();
        services.AddSingleton(sp => new RedisConnection(options, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILoggerFactory>()?.CreateLogger(Log.Category)));
        services.RemoveAll<LlmQuotaStore>();
        services.AddSingleton<LlmQuotaStore>(sp => new RedisQuotaStore(sp.GetRequiredService<RedisConnection>()));
        services.RemoveAll<LlmTokenStore>();
        services.AddSingleton<LlmTokenStore>(sp => new RedisTokenStore(sp.GetRequiredService<RedisConnection>()));
        return builder;
    }
    // Parsed when registered, not at the first call: a typo must fail startup, not every limited call later. StackExchange.Redis
    // messages can repeat option values, so only the option names (never their values) reach ours.
    private static void RequireParsable(string configuration)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"The Redis configuration string cannot be parsed (options given: {Names(configuration)}). Use \"host:port\" followed by StackExchange.Redis options such as \"password=...\" or \"ssl=true\", for example \"localhost:6379\".",
                nameof(configuration));
        }

        if (parsed.EndPoints.Count == 0)
        {
            throw new ArgumentException("The Redis configuration string names no server. Start it with \"host:port\", for example \"localhost:6379\".", nameof(configuration));
        }
    }

    private static string Names(string configuration) => string.Join(
        ", ",
        configuration.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Contains('=', StringComparison.Ordinal) ? part[..part.IndexOf('=', StringComparison.Ordinal)] + "=..." : part));
}
