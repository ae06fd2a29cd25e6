using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.Contract;

/// <summary>
/// Bad input fails before any network call, as ArgumentException (ParamName set, message naming the parameter and the fix)
/// or NotSupportedException; nothing is sent silently empty, dropped or replaced. Every flavour, through the keyed client.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string> AllFlavours => [.. ContractHarness.Flavours.Keys];

    public static TheoryData<string> ImageFlavours => ["openai", "deepseek", "dashscope", "dashscope-compatible", "zhipu", "qianfan-v2"];

    public static TheoryData<string> ToolCallIdFlavours => ["openai", "deepseek", "dashscope", "dashscope-compatible", "zhipu", "qianfan-v2"];

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    private static async Task<TException> SendFails<TException>(string flavour, IList<ChatMessage> messages, ChatOptions? options = null, bool stream = false)
        where TException : Exception
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));
        var error = await Assert.ThrowsAsync<TException>(async () =>
        {
            if (stream)
            {
                await foreach (var _ in h.Chat(flavour).GetStreamingResponseAsync(messages, options))
                {
                }
            }
            else
            {
                await h.Chat(flavour).GetResponseAsync(messages, options);
            }
        });
        Assert.Empty(h.Handler.Requests);
        return error;
    }

    private static async Task<ArgumentException> Rejected(string flavour, IList<ChatMessage> messages, ChatOptions? options, string paramName, params string[] mentions)
    {
        var error = await SendFails<ArgumentException>(flavour, messages, options);
        Assert.Equal(paramName, error.ParamName);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error.Message, StringComparison.Ordinal);
        }

        return error;
    }

    private static ChatMessage User(string text = "hi") => new(ChatRole.User, text);

    // Qianfan v1 maps embedding models to endpoints and knows only its own names.
    private static string EmbeddingModel(string flavour) => flavour == "qianfan" ? "Embedding-V1" : "m";

    // ---- media ----

    [Theory]
    [MemberData(nameof(ImageFlavours))]
    public async Task ImageWithNoBytes_IsRejected_NotSentAsAnEmptyDataUri(string flavour)
        => await Rejected(flavour, [new ChatMessage(ChatRole.User, [new TextContent("what is this?"), new DataContent(ReadOnlyMemory<byte>.Empty, "image/png")])], null, "messages", "messages[0]", "no bytes");

    [Theory]
    [MemberData(nameof(ImageFlavours))]
    public async Task ImageByLocalFileUri_IsRejected_TheVendorCannotFetchIt(string flavour)
        => await Rejected(flavour, [new ChatMessage(ChatRole.User, [new TextContent("?"), new UriContent("file:///tmp/cat.png", "image/png")])], null, "messages", "messages[0]", "file:///tmp/cat.png", "DataContent");

    [Theory]
    [MemberData(nameof(ImageFlavours))]
    public async Task ImageByRelativeUri_IsRejected(string flavour)
        => await Rejected(flavour, [new ChatMessage(ChatRole.User, [new TextContent("?"), new UriContent(new Uri("img/cat.png", UriKind.Relative), "image/png")])], null, "messages", "img/cat.png", "http(s)");

    [Fact]
    public async Task DashScopeNative_VideoByUrl_GoesAsAVideoPart()
    {
        // The native profile says it takes video; it used to answer NotSupportedException "... (it takes: Image, Audio, Video)".
        using var h = ContractHarness.Create("dashscope");
        h.Handler.Responses.Enqueue(ContractHarness.Reply("dashscope", "a cat video"));

        await h.Chat("dashscope").GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("describe"), new UriContent("https://example.com/cat.mp4", "video/mp4")])], new ChatOptions { ModelId = "qwen-vl-max" });

        Assert.EndsWith("multimodal-generation/generation", h.Handler.Requests[^1].Path, StringComparison.Ordinal);
        Assert.Equal("""[{"text":"describe"},{"video":"https://example.com/cat.mp4"}]""", h.Handler.LastJson["input"]!["messages"]![0]!["content"]!.ToJsonString());
    }

    [Fact]
    public async Task DashScopeNative_VideoBytes_AreNotSupported_ByUrlOnly()
    {
        var error = await SendFails<NotSupportedException>("dashscope", [new ChatMessage(ChatRole.User, [new TextContent("?"), new DataContent(new byte[] { 1 }, "video/mp4")])]);

        Assert.Contains("URL", error.Message, StringComparison.Ordinal);
    }

    // ---- messages ----

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task UserMessageWithNoContent_IsRejected_NotSentAsEmptyText(string flavour)
    {
        await Rejected(flavour, [new ChatMessage(ChatRole.User, new List<AIContent>())], null, "messages", "messages[0]");
        await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, "hello"), new ChatMessage(ChatRole.User, [new TextContent(null)])], null, "messages", "messages[2]");
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task NullContentInAMessage_IsAnArgumentNullException_NamingIt(string flavour)
    {
        var error = await SendFails<ArgumentNullException>(flavour, [new ChatMessage(ChatRole.User, new List<AIContent> { new TextContent("a"), null! })]);

        Assert.Equal("messages", error.ParamName);
        Assert.Contains("messages[0].Contents[1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ToolCallIdFlavours))]
    public async Task ToolMessageWithTextOnly_IsRejected_ItWouldHaveNoToolCallId(string flavour)
        => await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "f")]), new ChatMessage(ChatRole.Tool, "sunny")], null, "messages", "messages[2]", "FunctionResultContent");

    [Fact]
    public async Task QianfanV1_SystemMessageWithAnImage_IsNotSupported_NotDropped()
    {
        var error = await SendFails<NotSupportedException>("qianfan", [new ChatMessage(ChatRole.System, [new TextContent("persona"), new DataContent(new byte[] { 1 }, "image/png")]), User()]);

        Assert.Contains("messages[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QianfanV1_WhiteSpaceInstructions_AreNotSent_LikeEveryOtherFlavour()
    {
        using var h = ContractHarness.Create("qianfan");
        h.Handler.Responses.Enqueue(ContractHarness.Reply("qianfan", "ok"));

        await h.Chat("qianfan").GetResponseAsync([User()], new ChatOptions { Instructions = "  " });

        Assert.Null(h.Handler.LastJson["system"]);
    }

    // ---- tool calls and results ----

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task FunctionCallWithoutName_IsRejected(string flavour)
        => await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "")]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "r")]), User("and?")], null, "messages", "messages[1]", "name");

    [Theory]
    [MemberData(nameof(ToolCallIdFlavours))]
    public async Task FunctionCallOrResultWithoutCallId_IsRejected(string flavour)
    {
        await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("", "f")]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "r")])], null, "messages", "messages[1]", "CallId");
        await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "f")]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent(" ", "r")])], null, "messages", "messages[2]", "CallId");
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ArgumentsThatAreNotJson_AreAnArgumentError_NamingTheMessage(string flavour)
    {
        foreach (var value in new object[] { new MemoryStream(), (Action)(() => { }) })
        {
            var call = new FunctionCallContent("c1", "f", new Dictionary<string, object?> { ["x"] = value });
            var error = await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, [call]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "r")]), User("and?")], null, "messages", "messages[1]", "'f'");
            Assert.NotNull(error.InnerException);
        }
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ResultThatIsNotJson_IsAnArgumentError_NamingTheMessage(string flavour)
    {
        var cyclic = new Dictionary<string, object?>();
        cyclic["self"] = cyclic;

        await Rejected(flavour, [User(), new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "f")]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", cyclic)])], null, "messages", "messages[2]", "Result");
    }

    // ---- tools and tool mode ----

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ToolWithoutASchemaObject_IsRejected(string flavour)
    {
        await Rejected(flavour, [User()], new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("f", "d", default)] }, "options", "Tools[0]", "'f'");
        await Rejected(flavour, [User()], new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("f", "d", JsonDocument.Parse("[1]").RootElement)] }, "options", "Tools[0]", "Array");
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ToolsWithTheSameName_AreRejected(string flavour)
        => await Rejected(flavour, [User()], new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("f", "a", EmptySchema), AIFunctionFactory.CreateDeclaration("f", "b", EmptySchema)] }, "options", "Tools[1]", "'f'");

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task RequireSpecific_OfAToolNotInTools_IsRejected(string flavour)
        => await Rejected(flavour, [User()], new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("f", "a", EmptySchema)], ToolMode = ChatToolMode.RequireSpecific("g") }, "options", "'g'", "ChatOptions.ToolMode");

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task RequireAny_WithoutTools_IsRejected_NotDropped(string flavour)
        => await Rejected(flavour, [User()], new ChatOptions { ToolMode = ChatToolMode.RequireAny }, "options", "ChatOptions.Tools");

    // ---- options ----

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task UndefinedReasoningEffort_IsOutOfRange_NamingOptions(string flavour)
    {
        var error = await SendFails<ArgumentOutOfRangeException>(flavour, [User()], new ChatOptions { Reasoning = new ReasoningOptions { Effort = (ReasoningEffort)42 } }, stream: true);

        Assert.Equal("options", error.ParamName);
        Assert.Contains("ChatOptions.Reasoning.Effort", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task MaxOutputTokensZero_IsOutOfRange(string flavour)
    {
        var error = await SendFails<ArgumentOutOfRangeException>(flavour, [User()], new ChatOptions { MaxOutputTokens = 0 });

        Assert.Equal("options", error.ParamName);
        Assert.Contains("MaxOutputTokens", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task NullOrEmptyStopSequence_IsRejected(string flavour)
    {
        await Rejected(flavour, [User()], new ChatOptions { StopSequences = ["END", null!] }, "options", "StopSequences[1]");
        await Rejected(flavour, [User()], new ChatOptions { StopSequences = [string.Empty] }, "options", "StopSequences[0]");
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("deepseek")]
    [InlineData("dashscope")]
    [InlineData("dashscope-compatible")]
    [InlineData("zhipu")]
    [InlineData("qianfan-v2")]
    public async Task JsonSchemaResponseFormat_ThatIsNotAnObject_IsRejected(string flavour)
        => await Rejected(flavour, [User()], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""[{"type":"string"}]""").RootElement) }, "options", "ResponseFormat", "Array");

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ExtrasCannotReplaceTheConversationModelOrStreamFlag(string flavour)
    {
        await Rejected(flavour, [User()], new ChatOptions { AdditionalProperties = new() { ["messages"] = new List<object?>() } }, "options", "\"messages\"");
        await Rejected(flavour, [User()], new ChatOptions { AdditionalProperties = new() { ["model"] = "other" } }, "options", "\"model\"", "ChatOptions.ModelId");
        await Rejected(flavour, [User()], new ChatOptions { AdditionalProperties = new() { ["stream"] = true } }, "options", "\"stream\"", "GetStreamingResponseAsync");
        await Rejected(flavour, [User()], new ChatOptions { RawRepresentationFactory = _ => new JsonObject { ["stream"] = true } }, "options", "RawRepresentationFactory", "\"stream\"");
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope")]
    [InlineData("dashscope-compatible")]
    [InlineData("zhipu")]
    [InlineData("qianfan-v2")]
    public async Task VendorToolsInExtras_GoAfterTheFunctionTools_NotInsteadOfThem(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));

        await h.Chat(flavour).GetResponseAsync([User()], new ChatOptions
        {
            Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "w", EmptySchema)],
            AdditionalProperties = new() { ["tools"] = new List<object?> { new Dictionary<string, object?> { ["type"] = "web_search" } } },
        });

        var tools = (flavour == "dashscope" ? h.Handler.LastJson["parameters"]!["tools"] : h.Handler.LastJson["tools"])!.AsArray();
        Assert.Equal(2, tools.Count);
        Assert.Equal("get_weather", (string?)tools[0]!["function"]!["name"]);
        Assert.Equal("web_search", (string?)tools[1]!["type"]);
    }

    // ---- embeddings ----

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task Embeddings_ExtrasCannotReplaceTheTexts_AndAWrongInputTypeFailsEverywhere(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        var generator = h.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(flavour);

        var replaced = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = EmbeddingModel(flavour), AdditionalProperties = new() { ["input"] = "something else" } }));
        var wrongType = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = EmbeddingModel(flavour), AdditionalProperties = new() { [LlmAdditionalProperties.InputType] = 5 } }));

        Assert.Equal("options", replaced.ParamName);
        Assert.Contains("\"input\"", replaced.Message, StringComparison.Ordinal);
        Assert.Equal("options", wrongType.ParamName);
        Assert.Contains("input_type", wrongType.Message, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Requests);
    }

    // ---- cancellation (pinned: never wrapped, nothing sent) ----

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task AlreadyCancelledToken_ThrowsOperationCanceled_AndSendsNothing(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var generator = h.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(flavour);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Chat(flavour).GetResponseAsync([User()], null, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in h.Chat(flavour).GetStreamingResponseAsync([User()], null, cts.Token))
            {
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync([.. Enumerable.Range(0, 40).Select(i => "t" + i)], new EmbeddingGenerationOptions { ModelId = EmbeddingModel(flavour) }, cts.Token));
        Assert.Empty(h.Handler.Requests);
    }

    // ---- pipelines ----

    [Fact]
    public void ConfigureChatClient_ForAnUnknownInstance_FailsNamingIt_InsteadOfBeingIgnored()
    {
        using var h = ContractHarness.Create("openai", b => b.ConfigureChatClient("opnai", p => p.UseFunctionInvocation()));

        var error = Assert.Throws<InvalidOperationException>(() => h.Chat("openai"));

        Assert.Contains("ConfigureChatClient(\"opnai\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("openai", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureEmbeddingGenerator_ForAnUnknownInstance_FailsNamingIt()
    {
        using var h = ContractHarness.Create("openai", b => b.ConfigureEmbeddingGenerator("embed", p => p.UseLogging()));

        var error = Assert.Throws<InvalidOperationException>(() => h.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("openai"));

        Assert.Contains("ConfigureEmbeddingGenerator(\"embed\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChatPipeline_AsOneString_IsApplied_NotIgnored()
    {
        using var h = ContractHarness.Create("openai", extraConfig: new() { ["ChatPipeline"] = "FunctionInvocation" });

        Assert.IsType<FunctionInvokingChatClient>(h.Chat("openai"));
    }

    [Fact]
    public void ChatPipeline_WithAnUnknownName_FailsAtRegistration_NamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContractHarness.Create("openai", extraConfig: new() { ["ChatPipeline"] = "FunctionInvocation, Retry" }));

        Assert.Contains("LlmProviders:openai:ChatPipeline", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Retry'", error.Message, StringComparison.Ordinal);
    }
}
