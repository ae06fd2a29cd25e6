using LlmClients.RateLimiting;
using LlmClients.Telemetry;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.RateLimiting;

/// <summary>Tokens per minute: charged from the estimate before the call, then corrected to the usage the vendor reports.</summary>
public sealed class TokenChargeTests
{
    private readonly FakeClock _clock = new();

    [Fact]
    public async Task SettleAsync_UsageBelowEstimate_GivesTheDifferenceBackToTheWindow()
    {
        var limits = Limits(tokensPerMinute: 100);
        var charge = new TokenCharge();
        using (var permit = await limits.AcquireAsync("m", 80, CancellationToken.None))
        {
            charge.Add(permit);
        }

        await Assert.ThrowsAsync<LlmRequestException>(async () => await limits.AcquireAsync("m", 70, CancellationToken.None));
        await charge.SettleAsync(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 10 });

        using var next = await limits.AcquireAsync("m", 70, CancellationToken.None); // 30 + 70 = 100: fits now.
    }

    [Fact]
    public async Task SettleAsync_UsageAboveEstimate_ChargesTheRest()
    {
        var limits = Limits(tokensPerMinute: 100);
        var charge = new TokenCharge();
        using (var permit = await limits.AcquireAsync("m", 10, CancellationToken.None))
        {
            charge.Add(permit);
        }

        await charge.SettleAsync(new UsageDetails { TotalTokenCount = 95 });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () => await limits.AcquireAsync("m", 10, CancellationToken.None));
        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Contains("Limits:TokensPerMinute = 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettleAsync_NoUsage_TheEstimateStands()
    {
        var limits = Limits(tokensPerMinute: 100);
        var charge = new TokenCharge();
        using (var permit = await limits.AcquireAsync("m", 80, CancellationToken.None))
        {
            charge.Add(permit);
        }

        await charge.SettleAsync(null);

        await Assert.ThrowsAsync<LlmRequestException>(async () => await limits.AcquireAsync("m", 30, CancellationToken.None));
    }

    [Fact]
    public async Task AcquireAsync_EstimateLargerThanTheLimit_WaitsForAnEmptyWindowInsteadOfForever()
    {
        var limits = Limits(tokensPerMinute: 100);

        using var permit = await limits.AcquireAsync("m", 5000, CancellationToken.None);

        Assert.Equal(100, Assert.Single(permit.TokenCharges).Amount);
    }

    [Fact]
    public void EstimateTokens_OnePerThreeUtf8Bytes_RoundedUp()
    {
        Assert.Equal(1, RateLimitHandler.EstimateTokens(0));
        Assert.Equal(1, RateLimitHandler.EstimateTokens(3));
        Assert.Equal(2, RateLimitHandler.EstimateTokens(4));
        Assert.Equal(4, RateLimitHandler.EstimateTokens("你好世界"u8.Length)); // 12 bytes: about one token per Chinese character.
    }

    private InstanceRateLimits Limits(int tokensPerMinute)
        => new(new LlmRateLimitOptions { TokensPerMinute = tokensPerMinute, MaxQueueWait = TimeSpan.Zero }, new InProcessQuotaStore(), _clock, new InstanceTelemetry("test", "openai"));
}
