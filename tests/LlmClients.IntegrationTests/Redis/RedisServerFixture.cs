using LlmClients.Testing;

namespace LlmClients.IntegrationTests.Redis;

/// <summary>
/// One real <c>redis-server</c> for the Redis tests (127.0.0.1, a free port, stopped by process id at the end). A missing
/// <c>redis-server</c> fails the tests with a message saying how to install it: they are never skipped.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisTestServer? _server;

    /// <summary>Gets the running server.</summary>
    public RedisTestServer Server => _server ?? throw new InvalidOperationException(RedisTestServer.InstallHint);

    /// <summary>Returns a key prefix no other test uses, so tests sharing the server never see each other's keys.</summary>
    public static string UniquePrefix() => $"test:{Guid.NewGuid():N}:";

    public async Task InitializeAsync()
    {
        Assert.True(RedisTestServer.IsInstalled(), RedisTestServer.InstallHint);
        _server = await RedisTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The collection of tests that share <see cref="RedisServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisTests : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
