using System.Text.Json;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.Contract;

/// <summary>
/// Input that cannot be sent as meant is rejected before any network call, naming the parameter and the fix; values the
/// vendor validates (temperature -1, top_p 1.5) stay the vendor's call. Every flavour, through the keyed clients.
/// </summary>
public sealed class HardeningInputTests
{
    public static TheoryData<string> AllFlavours => [.. ContractHarness.Flavours.Keys];

    private static readonly JsonElement ObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    private static async Task<TException> RejectedAsync<TException>(string flavour, IList<ChatMessage> messages, ChatOptions? options = null)
        where TException : ArgumentException
    {
        foreach (var stream in new[] { false, true })
        {
            using var host = FlavourHost.Create(flavour);
            host.Respond = _ => FlavourHost.Json(System.Net.HttpStatusCode.OK, ContractHarness.Reply(flavour, "ok"));
            var ex = await Assert.ThrowsAnyAsync<TException>(async () =>
            {
                if (stream)
                {
                    await foreach (var _ in host.Chat.GetStreamingResponseAsync(messages, options))
                    {
                    }
                }
                else
                {
                    await host.Chat.GetResponseAsync(messages, options);
                }
            });
            Assert.Empty(host.Calls);
            if (!stream)
            {
                continue;
            }

            return ex;
        }

        throw new InvalidOperationException("unreachable");
    }

    private static List<ChatMessage> Hi() => [new(ChatRole.User, "hi")];

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ContentsNull_IsRejectedNamingTheMessage(string flavour)
    {
        var message = new ChatMessage(ChatRole.User, "x");
        try
        {
            message.Contents = null!;
        }
        catch (ArgumentNullException)
        {
            return; // M.E.AI refuses the null itself.
        }

        // Either M.E.AI refuses the null itself, or we do before sending: never a NullReferenceException.
        if (message.Contents is null)
        {
            var ex = await RejectedAsync<ArgumentException>(flavour, [message]);
            Assert.Equal("messages", ex.ParamName);
            Assert.Contains("messages[0].Contents is null", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task AssistantMessageWithNoContent_IsRejected(string flavour)
    {
        var ex = await RejectedAsync<ArgumentException>(flavour, [new(ChatRole.User, "hi"), new(ChatRole.Assistant, (string?)null), new(ChatRole.User, "again")]);

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("messages[1] (assistant) has no content", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ToolMessageWithEmptyText_IsRejected(string flavour)
    {
        var ex = await RejectedAsync<ArgumentException>(flavour, [new(ChatRole.User, "hi"), new(ChatRole.Tool, [new TextContent(string.Empty)])]);

        Assert.Contains("messages[1] (tool) has no content", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task NaNOrInfiniteSamplingValues_AreRejectedNamingTheOption(string flavour)
    {
        foreach (var (options, name) in new (ChatOptions, string)[]
        {
            (new() { Temperature = float.NaN }, "Temperature"),
            (new() { Temperature = float.PositiveInfinity }, "Temperature"),
            (new() { TopP = float.NaN }, "TopP"),
            (new() { TopP = float.NegativeInfinity }, "TopP"),
            (new() { FrequencyPenalty = float.NaN }, "FrequencyPenalty"),
            (new() { PresencePenalty = float.PositiveInfinity }, "PresencePenalty"),
        })
        {
            var ex = await RejectedAsync<ArgumentOutOfRangeException>(flavour, Hi(), options);
            Assert.Equal("options", ex.ParamName);
            Assert.Contains($"ChatOptions.{name}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task OutOfRangeButFiniteSamplingValues_AreLeftToTheVendor(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(System.Net.HttpStatusCode.OK, ContractHarness.Reply(flavour, "ok"));

        await host.Chat.GetResponseAsync(Hi(), new ChatOptions { Temperature = -1, TopP = 1.5f });

        Assert.Single(host.Calls);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task WhiteSpaceOnlyEmbeddingText_IsRejectedNamingIt(string flavour)
    {
        using var host = FlavourHost.Create(flavour);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Embeddings.GenerateAsync(["fine", " \t\n"], new EmbeddingGenerationOptions { ModelId = flavour == "qianfan" ? "Embedding-V1" : "m" }));

        Assert.Equal("values", ex.ParamName);
        Assert.Contains("values[1] is only white space", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Calls);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ToolNameOutsideTheAllowedCharacters_IsRejected(string flavour)
    {
        foreach (var name in new[] { "get weather", "天气", "a.b", new string('a', 65) })
        {
            var tool = AIFunctionFactory.CreateDeclaration(name, "d", ObjectSchema);
            var ex = await RejectedAsync<ArgumentException>(flavour, Hi(), new ChatOptions { Tools = [tool] });
            Assert.Equal("options", ex.ParamName);
            Assert.Contains("ChatOptions.Tools[0]", ex.Message, StringComparison.Ordinal);
            Assert.Contains("A-Z, a-z, 0-9", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ToolSchemaThatIsNotAnObject_IsRejected(string flavour)
    {
        var tool = AIFunctionFactory.CreateDeclaration("ok_name", "d", JsonDocument.Parse("[]").RootElement);

        var ex = await RejectedAsync<ArgumentException>(flavour, Hi(), new ChatOptions { Tools = [tool] });

        Assert.Contains("schema", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task NullStopSequence_IsRejected(string flavour)
    {
        var ex = await RejectedAsync<ArgumentException>(flavour, Hi(), new ChatOptions { StopSequences = [null!] });

        Assert.Contains("ChatOptions.StopSequences[0] is null", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task LoneSurrogates_AreRejectedNotReplaced(string flavour)
    {
        var text = await RejectedAsync<ArgumentException>(flavour, [new(ChatRole.User, "cut emoji \uD83D here")]);
        Assert.Contains("messages[0].Contents[0]", text.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", text.Message, StringComparison.Ordinal);

        var model = await RejectedAsync<ArgumentException>(flavour, Hi(), new ChatOptions { ModelId = "model\uDC00" });
        Assert.Contains("ChatOptions.ModelId", model.Message, StringComparison.Ordinal);

        var stop = await RejectedAsync<ArgumentException>(flavour, Hi(), new ChatOptions { StopSequences = ["\uD800"] });
        Assert.Contains("ChatOptions.StopSequences[0]", stop.Message, StringComparison.Ordinal);

        using var host = FlavourHost.Create(flavour);
        var embed = await Assert.ThrowsAsync<ArgumentException>(() => host.Embeddings.GenerateAsync(["ok", "bad \uDFFF"], new EmbeddingGenerationOptions { ModelId = flavour == "qianfan" ? "Embedding-V1" : "m" }));
        Assert.Contains("values[1]", embed.Message, StringComparison.Ordinal);
        Assert.Empty(host.Calls);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ProperSurrogatePairs_AreSent(string flavour)
    {
        using var host = FlavourHost.Create(flavour);
        host.Respond = _ => FlavourHost.Json(System.Net.HttpStatusCode.OK, ContractHarness.Reply(flavour, "ok"));

        await host.Chat.GetResponseAsync([new(ChatRole.User, "emoji 😀 fine")]);

        Assert.Single(host.Calls);
    }
}
