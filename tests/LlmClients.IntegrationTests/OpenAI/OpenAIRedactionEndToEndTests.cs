using LlmClients.Testing;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmClients.IntegrationTests.OpenAI.OpenAIStack;

namespace LlmClients.IntegrationTests.OpenAI;

/// <summary>No secret (API key, query string value) reaches a log line at Debug level, on success or failure.</summary>
public class OpenAIRedactionEndToEndTests
{
    private const string QuerySecret = "qs-secret-value-4711";

    [Fact]
    public async Task Logs_SuccessfulAndFailingCalls_NeverContainKeyOrQueryValues()
    {
        // A handler innermost in the pipeline adds a secret query string, as Qianfan-style access_token auth does.
        await using var stack = await StartAsync(services: s => s
            .AddHttpClient(LlmProvidersBuilder.GetHttpClientName("openai"))
            .AddHttpMessageHandler(() => AppendQuery($"access_token={QuerySecret}")));
        var chat = stack.Chat;

        await chat.GetResponseAsync(Messages("hi"));
        await OpenAIResilienceEndToEndTests.GetTextAsync(chat, "hi", streaming: true);
        await stack.Embeddings.GenerateAsync(["hi"], new EmbeddingGenerationOptions { Dimensions = 8 });
        stack.Emulator.Faults.Enqueue(EmulatorFault.FailTimes(1, 503), "chat/completions");
        await chat.GetResponseAsync(Messages("retried"));
        stack.Emulator.Faults.Enqueue(EmulatorFault.ResetBeforeHeaders(), "chat/completions");
        await chat.GetResponseAsync(Messages("reset"));
        stack.Emulator.Faults.Enqueue(EmulatorFault.Status(400), "chat/completions");
        var failure = await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync(Messages("fails")));

        Assert.All(stack.Emulator.Requests.Snapshot(), r => Assert.Contains(QuerySecret, r.Query, StringComparison.Ordinal));
        var lines = stack.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("chat/completions", StringComparison.Ordinal) && l.Contains("503", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("HttpRequestException", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Debug:", StringComparison.Ordinal) && l.Contains("chat/completions?REDACTED", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Information: LlmClients.Retry", StringComparison.Ordinal) && l.Contains("?REDACTED", StringComparison.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.DoesNotContain(ApiKey, l, StringComparison.Ordinal);
            Assert.DoesNotContain(QuerySecret, l, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(QuerySecret, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    // Puts a secret in the query, as Qianfan v1 does with its access token.
    private static InterceptingHandler AppendQuery(string query) => new((request, next, _) =>
    {
        var uri = request.RequestUri!;
        if (!uri.Query.Contains(query, StringComparison.Ordinal))
        {
            request.RequestUri = new UriBuilder(uri) { Query = uri.Query.Length > 1 ? uri.Query[1..] + "&" + query : query }.Uri;
        }

        return next();
    });
}
