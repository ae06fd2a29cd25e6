using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Redis;

/// <summary>A configuration string that cannot work fails in <c>UseRedis</c>, before any connection, without echoing it (it may hold a password).</summary>
public sealed class UseRedisArgumentTests
{
    [Theory]
    [InlineData("localhost:6379,passwrd=hunter2-secret")]
    [InlineData("localhost:6379,password=hunter2-secret,connectTimeout=hunter2-secret")]
    [InlineData(",password=hunter2-secret")]
    public void UseRedis_MalformedConfiguration_ThrowsArgumentExceptionNamingItWithoutTheSecret(string configuration)
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<ArgumentException>(() => services.AddLlmProviders(b => b.UseRedis(configuration)));

        Assert.Equal("configuration", ex.ParamName);
        Assert.DoesNotContain("hunter2-secret", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("localhost:6379", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseRedis_IntervalsPastTheTimerLimit_ThrowAtRegistration()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<ArgumentException>(() => services.AddLlmProviders(b => b.UseRedis("localhost:6379", r => r.RetryInterval = TimeSpan.MaxValue)));
        Assert.Contains("RetryInterval", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => services.AddLlmProviders(b => b.UseRedis("localhost:6379", r => r.TokenLockTimeout = TimeSpan.MaxValue)));
    }

    [Fact]
    public void UseRedis_ValidConfiguration_DoesNotConnect()
    {
        var services = new ServiceCollection();

        // Port 1 is never a Redis: registering must not try it.
        services.AddLlmProviders(b => b.UseRedis("127.0.0.1:1,password=p"));
    }
}
