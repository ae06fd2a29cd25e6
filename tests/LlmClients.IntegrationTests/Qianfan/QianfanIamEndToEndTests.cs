using LlmClients.Qianfan;
using LlmClients.Testing;
using LlmClients.Testing.Qianfan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmClients.IntegrationTests.Qianfan;

/// <summary>Qianfan v2 with IAM AK/SK: BCE-BEARER token exchange (bce-auth-v1 signed), cached, single flight, refreshed before expiry.</summary>
public sealed class QianfanIamEndToEndTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LlmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await LlmEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private ServiceProvider Build(string secretKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLlmProviders(b => b.AddQianfan(configure: o =>
        {
            o.IamAccessKey = "emulator-iam-ak";
            o.IamSecretKey = secretKey;
            o.IamBaseUrl = _emulator.Qianfan.IamBaseUri;
            o.V2BaseUrl = _emulator.Qianfan.V2BaseUri;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        }));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task GetResponseAsync_IamKeys_ExchangeOnceSharedAndRefreshedBeforeExpiry()
    {
        await using var services = Build(QianfanEmulator.IamSecretKey);
        var chat = services.GetRequiredKeyedService<IChatClient>("qianfan");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => chat.GetResponseAsync("你好")));

        Assert.Equal(1, _emulator.Qianfan.IamTokenCount);
        var sent = _emulator.Requests.Snapshot().Where(r => r.Path.StartsWith("/v2/", StringComparison.Ordinal)).ToList();
        Assert.All(sent, r => Assert.StartsWith("Bearer bce-v3/ALTAK-emulator1/", r.Headers["Authorization"], StringComparison.Ordinal));
        var exchange = _emulator.Requests.Snapshot().Single(r => r.Path.Contains("BCE-BEARER", StringComparison.Ordinal));
        Assert.Contains("expireInSeconds=43200", exchange.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(QianfanEmulator.IamSecretKey, exchange.Headers["Authorization"], StringComparison.Ordinal);

        // 12 h tokens are replaced 1 h (TokenRefreshMargin) before they expire.
        _time.Advance(TimeSpan.FromHours(10));
        await chat.GetResponseAsync("你好");
        Assert.Equal(1, _emulator.Qianfan.IamTokenCount);
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await chat.GetResponseAsync("你好");
        Assert.Equal(2, _emulator.Qianfan.IamTokenCount);
        Assert.StartsWith("Bearer bce-v3/ALTAK-emulator2/", _emulator.Requests.Snapshot()[^1].Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WrongSecretKey_AuthenticationErrorWithoutTheKey()
    {
        await using var services = Build("wrong-secret");
        var chat = services.GetRequiredKeyedService<IChatClient>("qianfan");

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync("你好"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Equal("SignatureDoesNotMatch", ex.ErrorCode);
        Assert.DoesNotContain("wrong-secret", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_emulator.Requests.Snapshot(), r => r.Path.StartsWith("/v2/", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_IamWithV2Key_FailsAtStartup()
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddQianfan(configure: o =>
        {
            o.IamAccessKey = "ak";
            o.IamSecretKey = "sk";
            o.V2ApiKey = "bce-v3/ALTAK-x/y";
        }));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredKeyedService<IChatClient>("qianfan"));

        Assert.Contains("IamAccessKey", ex.Message, StringComparison.Ordinal);
    }
}
