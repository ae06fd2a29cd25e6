using System.Net;
using LlmClients.Tests.Qianfan;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmClients.Tests.Http;

/// <summary>
/// A host that turns the factory's request logging back on for our named clients (or for every client) at Trace, with
/// its own header redaction list: the key or token on the request still never reaches a log.
/// </summary>
public sealed class HostLoggingTests
{
    public static TheoryData<string, string, bool> Secrets => new()
    {
        { "openai", "sk-test", true },
        { "dashscope", "sk-test", true },
        { "zhipu", "id.secret", true },
        { "qianfan-v2", "bce-v3/test", true },
        { "openai", "sk-test", false },
        { "zhipu", "id.secret", false },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task GetResponseAsync_HostAddsDefaultLoggerWithItsOwnRedaction_NoSecretInLogs(string flavour, string secret, bool onOurClient)
    {
        var logs = new InMemoryLoggerProvider();
        using var host = FlavourHost.Create(
            flavour,
            services: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)),
            after: s =>
            {
                if (onOurClient)
                {
                    s.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(flavour)).AddDefaultLogger().RedactLoggedHeaders(["X-Tenant"]);
                }
                else
                {
                    s.ConfigureHttpClientDefaults(b => b.AddDefaultLogger().RedactLoggedHeaders(h => h == "X-Tenant"));
                }
            });
        host.Respond = _ => FlavourHost.Json(HttpStatusCode.OK, Answer(flavour));

        await host.AskAsync();

        Assert.DoesNotContain(logs.Logger.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        if (onOurClient)
        {
            // The logger did run and print the request headers: the key was redacted, not left out.
            Assert.Contains(logs.Logger.Entries, e => e.Message.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string Answer(string flavour) => flavour == "dashscope"
        ? """{"output":{"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]},"request_id":"r"}"""
        : """{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}""";
}
