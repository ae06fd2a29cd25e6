using System.Text.RegularExpressions;
using LlmClients.IntegrationTests.OpenAI;
using LlmClients.Qianfan;
using LlmClients.RateLimiting;
using LlmClients.Testing;
using LlmClients.Tests.TestSupport;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LlmClients.IntegrationTests.Redis;

/// <summary>
/// A fleet sharing one real Redis: several DI containers (each one app process's worth of state: its own limiters, token
/// caches, Redis connection and HTTP handlers) against one emulator. Counts come from the emulator's request log.
/// </summary>
[Collection(RedisTests.Name)]
public sealed partial class RedisFleetTests(RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task GetResponseAsync_FourContainersSharingRedis_NeverExceedTheRequestsPerMinuteTogether()
    {
        const int Rpm = 10;
        var clock = new FakeClock();
        await using var emulator = await LlmEmulator.StartAsync(new LlmEmulatorOptions { TimeProvider = clock });
        var prefix = RedisServerFixture.UniquePrefix();
        var fleet = Enumerable.Range(0, 4).Select(_ => Container(services => services
            .AddSingleton<TimeProvider>(clock)
            .AddLlmProviders(b => b
                .AddOpenAI("openai", o =>
                {
                    OpenAIStack.Configure(o, emulator);
                    o.Resilience.RequestTimeout = TimeSpan.FromHours(1);
                    o.Limits.RequestsPerMinute = Rpm;
                    o.Limits.MaxQueueWait = TimeSpan.FromHours(1);
                })
                .UseRedis(redis.Server.Configuration, r => r.KeyPrefix = prefix)))).ToList();
        var started = clock.GetUtcNow();

        // 40 calls at once, 10 from each container: 4 minutes' worth of quota.
        var calls = fleet.SelectMany(c => Enumerable.Range(0, 10).Select(i => c.GetRequiredService<IChatClient>().GetResponseAsync($"call {i}"))).ToList();
        for (int minute = 1; minute <= 4; minute++)
        {
            await LlmClients.IntegrationTests.RateLimiting.ClientLimitsEndToEndTests.WaitForCompletedAsync(calls, minute * Rpm);
            Assert.Equal(minute * Rpm, emulator.RequestCount("chat/completions"));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        await Task.WhenAll(calls).WaitAsync(TimeDriver.HangGuard);
        var perMinute = emulator.Requests.Snapshot()
            .Where(r => r.Path.Contains("chat/completions", StringComparison.Ordinal))
            .GroupBy(r => (int)((r.Timestamp - started) / TimeSpan.FromMinutes(1)))
            .OrderBy(g => g.Key)
            .Select(g => g.Count())
            .ToList();
        output.WriteLine($"RPM {Rpm}, 4 containers x 10 calls: the emulator saw {string.Join(", ", perMinute)} requests per minute");
        Assert.Equal([Rpm, Rpm, Rpm, Rpm], perMinute);
        await DisposeAllAsync(fleet);
    }

    [Fact]
    public async Task GetResponseAsync_1000ColdCallsAcrossFourContainers_OneQianfanTokenExchange()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var prefix = RedisServerFixture.UniquePrefix();
        var fleet = Enumerable.Range(0, 4).Select(_ => Container(services => services
            .AddLlmProviders(b => b
                .AddQianfan("qianfan", o =>
                {
                    o.ApiKey = "ak-fleet";
                    o.SecretKey = "sk-fleet";
                    o.OAuthBaseUrl = emulator.Qianfan.OAuthBaseUri;
                    o.BaseUrl = emulator.Qianfan.BaseUri;
                    o.V2BaseUrl = emulator.Qianfan.V2BaseUri;
                    o.Resilience.BaseDelay = TimeSpan.Zero;
                })
                .UseRedis(redis.Server.Configuration, r => r.KeyPrefix = prefix)))).ToList();

        var calls = fleet.SelectMany(c => Enumerable.Range(0, 250).Select(i => c.GetRequiredService<IChatClient>().GetResponseAsync($"cold {i}"))).ToList();
        // Real clock: a generous guard, so a stall fails this test instead of hanging the run.
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1000, emulator.RequestCount("/chat/"));
        Assert.Equal(1, emulator.Qianfan.TokenExchangeCount);

        // In Redis: one key named by a hash (no AK or SK in it), the token as-is, expiring with the token.
        await using var probe = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var key = Assert.Single(probe.GetServer(probe.GetEndPoints()[0]).Keys(pattern: prefix + "*").Select(k => k.ToString()));
        Assert.Matches($"^{Regex.Escape(prefix)}llmclients:token:qianfan:[0-9a-f]{{64}}$", key);
        var stored = await probe.GetDatabase().StringGetWithExpiryAsync(key);
        Assert.StartsWith("24.", stored.Value.ToString(), StringComparison.Ordinal);
        Assert.True(stored.Expiry > TimeSpan.Zero);
        await DisposeAllAsync(fleet);
    }

    [Fact]
    public async Task GetResponseAsync_ZhipuJwtAcrossContainers_OneSharedToken()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        var prefix = RedisServerFixture.UniquePrefix();
        var fleet = Enumerable.Range(0, 2).Select(i => Container(services => services
            .AddSingleton<TimeProvider>(ClockAt(DateTimeOffset.UtcNow.AddSeconds(i)))
            .AddLlmProviders(b => b
                .AddZhipu("zhipu", o =>
                {
                    o.ApiKey = "fleet-id.fleet-secret";
                    o.AuthMode = ZhipuAuthMode.Jwt;
                    o.BaseUrl = emulator.Zhipu.BaseUri;
                })
                .UseRedis(redis.Server.Configuration, r => r.KeyPrefix = prefix)))).ToList();

        foreach (var container in fleet)
        {
            await container.GetRequiredService<IChatClient>().GetResponseAsync("hi");
        }

        // The containers' clocks differ by a second, so two local signings would differ: one JWT means it was shared.
        var tokens = emulator.Requests.Snapshot().Select(r => r.Headers["Authorization"]).Distinct().ToList();
        Assert.Single(tokens);
        await DisposeAllAsync(fleet);
    }

    [Fact]
    public async Task UseRedis_RedisUnreachable_FallsBackToPerProcessLimitsLoggedOnceAndRecovers()
    {
        var clock = new FakeClock();
        var logs = new InMemoryLoggerProvider();
        await using var emulator = await LlmEmulator.StartAsync(new LlmEmulatorOptions { TimeProvider = clock });
        var port = RedisTestServer.FreePort();
        var prefix = RedisServerFixture.UniquePrefix();
        await using var container = Container(services => services
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs))
            .AddLlmProviders(b => b
                .AddOpenAI("openai", o =>
                {
                    OpenAIStack.Configure(o, emulator);
                    o.Limits.RequestsPerMinute = 2;
                    o.Limits.MaxQueueWait = TimeSpan.Zero;
                })
                .UseRedis($"127.0.0.1:{port},connectTimeout=500", r => r.KeyPrefix = prefix)));
        var chat = container.GetRequiredService<IChatClient>();

        // Nothing listens on the port: calls still go out, within the per-process limit.
        await chat.GetResponseAsync("one");
        await chat.GetResponseAsync("two");
        var refused = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("three"));
        Assert.Equal(LlmErrorKind.RateLimited, refused.Kind);
        Assert.Single(logs.Lines, l => l.Contains("LlmClients.Redis[1301] Redis is unreachable (", StringComparison.Ordinal));
        Assert.Equal(2, emulator.RequestCount("chat/completions"));

        // Redis comes up on that port: after the retry interval the quota lives in Redis again.
        await using var late = await RedisTestServer.StartAsync(port);
        await using var probe = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(late.Configuration);
        var key = prefix + "llmclients:quota:openai:*:rpm";
        for (int attempt = 0; attempt < 200 && !await probe.GetDatabase().KeyExistsAsync(key); attempt++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await chat.GetResponseAsync("after");
            await Task.Delay(50);
        }

        Assert.True(await probe.GetDatabase().KeyExistsAsync(key), "the quota never moved back to Redis");
        Assert.Contains(logs.Lines, l => l.Contains("LlmClients.Redis[1302] Redis answers again", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("sk-e2e", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_QianfanWithRedisUnreachable_ExchangesLocallyAndSucceeds()
    {
        await using var emulator = await LlmEmulator.StartAsync();
        await using var container = Container(services => services.AddLlmProviders(b => b
            .AddQianfan("qianfan", o =>
            {
                o.ApiKey = "ak-alone";
                o.SecretKey = "sk-alone";
                o.OAuthBaseUrl = emulator.Qianfan.OAuthBaseUri;
                o.BaseUrl = emulator.Qianfan.BaseUri;
                o.Resilience.BaseDelay = TimeSpan.Zero;
            })
            .UseRedis($"127.0.0.1:{RedisTestServer.FreePort()},connectTimeout=500")));
        var chat = container.GetRequiredService<IChatClient>();

        await chat.GetResponseAsync("one");
        await chat.GetResponseAsync("two");

        Assert.Equal(2, emulator.RequestCount("/chat/"));
        Assert.Equal(1, emulator.Qianfan.TokenExchangeCount); // The in-process cache still serves the second call.
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task QuotaStore_SlidingWindow_GrantsDeniesAndCorrectsTheSameInRedisAndInProcess(bool inRedis)
    {
        await using var container = Container(services => services.AddLlmProviders(b =>
        {
            b.AddOpenAI("openai", o => o.ApiKey = "k");
            if (inRedis)
            {
                b.UseRedis(redis.Server.Configuration, r => r.KeyPrefix = RedisServerFixture.UniquePrefix());
            }
        }));
        var store = container.GetRequiredService<LlmQuotaStore>();
        Assert.Equal(inRedis, store is not InProcessQuotaStore);
        var window = TimeSpan.FromMinutes(1);
        var t0 = DateTimeOffset.UnixEpoch.AddDays(20000);

        var first = await store.TryTakeAsync("q", 60, 100, window, t0);
        var second = await store.TryTakeAsync("q", 30, 100, window, t0.AddSeconds(10));
        var denied = await store.TryTakeAsync("q", 20, 100, window, t0.AddSeconds(20));
        await store.AdjustAsync("q", first.ChargeId!, -50, window, t0.AddSeconds(21)); // The vendor said 10, not 60.
        var afterCorrection = await store.TryTakeAsync("q", 20, 100, window, t0.AddSeconds(22));
        var full = await store.TryTakeAsync("q", 50, 100, window, t0.AddSeconds(23));
        var slid = await store.TryTakeAsync("q", 50, 100, window, t0.AddSeconds(60));

        Assert.True(first.Granted);
        Assert.True(second.Granted);
        Assert.False(denied.Granted);
        Assert.Equal(TimeSpan.FromSeconds(40), denied.RetryAfter); // The first charge leaves the window at t0 + 60 s.
        Assert.True(afterCorrection.Granted);
        Assert.False(full.Granted);
        Assert.True(slid.Granted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task QuotaStore_StaleClockReading_CountsFromTheNewestChargeAndNeverExceedsTheLimit(bool inRedis)
    {
        // A caller reads its clock, then is slow to reach the store: by then the window has moved on. Its old reading must
        // not open an old, emptied window beside the current one (it used to be granted and then expire at once, letting
        // the next caller exceed the limit).
        await using var container = Container(services => services.AddLlmProviders(b =>
        {
            b.AddOpenAI("openai", o => o.ApiKey = "k");
            if (inRedis)
            {
                b.UseRedis(redis.Server.Configuration, r => r.KeyPrefix = RedisServerFixture.UniquePrefix());
            }
        }));
        var store = container.GetRequiredService<LlmQuotaStore>();
        var window = TimeSpan.FromMinutes(1);
        var t0 = DateTimeOffset.UnixEpoch.AddDays(20000);

        Assert.True((await store.TryTakeAsync("q", 1, 2, window, t0)).Granted);
        Assert.True((await store.TryTakeAsync("q", 1, 2, window, t0)).Granted);
        Assert.True((await store.TryTakeAsync("q", 1, 2, window, t0.AddMinutes(1))).Granted);
        var stale = await store.TryTakeAsync("q", 1, 2, window, t0);
        var third = await store.TryTakeAsync("q", 1, 2, window, t0.AddMinutes(1));

        Assert.True(stale.Granted); // Counted in the current window (t0 + 1 min), which had room for one more.
        Assert.False(third.Granted);
        Assert.Equal(window, third.RetryAfter);
    }

    private static ServiceProvider Container(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static async Task DisposeAllAsync(IEnumerable<ServiceProvider> fleet)
    {
        foreach (var container in fleet)
        {
            await container.DisposeAsync();
        }
    }

    private static FakeClock ClockAt(DateTimeOffset now)
    {
        var clock = new FakeClock();
        clock.SetUtcNow(now);
        return clock;
    }
}
