using System.Net;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.DependencyInjection;

/// <summary>
/// An Aspire-style host that adds the standard resilience handler to every HttpClient does not wrap ours: our named clients
/// keep only our own pipeline, so retries never nest and a slow LLM call is never cut and POSTed again.
/// </summary>
public sealed class HostResilienceTests
{
    public static TheoryData<string> AllFlavours => [.. Contract.ContractHarness.Flavours.Keys];

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task StandardResilienceOnEveryClient_Five503s_MakeExactlyOurRetryCountOfRequests(string flavour)
    {
        using var host = FlavourHost.Create(
            flavour,
            new() { ["Resilience:MaxRetries"] = "3", ["Resilience:BaseDelay"] = "00:00:00", ["Resilience:MaxDelay"] = "00:00:00" },
            services => services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler()));
        int served = 0;
        host.Respond = _ => Interlocked.Increment(ref served) <= 5
            ? FlavourHost.Json(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"busy"}}""")
            : FlavourHost.Json(HttpStatusCode.OK, Contract.ContractHarness.Reply(flavour, "late"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.AskAsync());

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(4, host.Calls.Count);
    }

    [Fact]
    public async Task StandardResilienceOnEveryClient_SlowFirstByte_IsNotCutAndPostedAgain()
    {
        using var host = FlavourHost.CreateWith(
            "openai",
            services => services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(o =>
            {
                // The standard handler's attempt timeout, shrunk so the call below outlives it (10 s by default).
                o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(100);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);
            })));
        host.RespondAsync = async (_, cancellationToken) =>
        {
            // A slow first byte, well within our own FirstByteTimeout (5 minutes); a handler cutting it cancels this wait.
            await Task.Delay(700, cancellationToken);
            return FlavourHost.Json(HttpStatusCode.OK, Contract.ContractHarness.Reply("openai", "worth the wait"));
        };

        var response = await host.AskAsync();

        Assert.Equal("worth the wait", response.Text);
        Assert.Single(host.Calls);
    }
}
