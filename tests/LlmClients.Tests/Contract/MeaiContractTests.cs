using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.DashScope;
using LlmClients.Zhipu;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.Contract;

/// <summary>Microsoft.Extensions.AI options and contents reach every vendor flavour's wire, and responses map back.</summary>
public sealed class MeaiContractTests
{
    public static TheoryData<string> AllFlavours => [.. ContractHarness.Flavours.Keys];

    public static TheoryData<string> ImageFlavours => ["openai", "deepseek", "dashscope", "dashscope-compatible", "zhipu", "qianfan-v2"];

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task Instructions_AreSentAsTheFirstSystemPrompt(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));

        var response = await h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { Instructions = "Answer in French." });

        Assert.Equal("ok", response.Text);
        var body = h.Handler.LastJson;
        if (flavour == "qianfan")
        {
            Assert.Equal("Answer in French.", (string?)body["system"]);
            Assert.Equal("user", (string?)body["messages"]![0]!["role"]);
        }
        else
        {
            var messages = (flavour == "dashscope" ? body["input"]!["messages"] : body["messages"])!.AsArray();
            Assert.Equal("system", (string?)messages[0]!["role"]);
            Assert.Equal("Answer in French.", (string?)messages[0]!["content"]);
            Assert.Equal("hi", (string?)messages[1]!["content"]);
        }
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task Response_CarriesRequestIdUsageModelAndRawRepresentation(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "hello"));

        var response = await h.Chat(flavour).GetResponseAsync("hi");

        Assert.Equal("hello", response.Text);
        Assert.NotNull(response.RawRepresentation);
        Assert.Equal(5, response.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(flavour == "dashscope" ? "req-ds" : "req-header", response.GetRequestId());
        Assert.Equal(response.GetRequestId(), response.AdditionalProperties![LlmAdditionalProperties.RequestId]);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task ToolCall_ArgumentsAreParsed_AndGoBackUnchanged(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, string.Empty, toolName: "get_weather", toolArgs: """{"city":"杭州","days":2}"""));
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "Weather by city", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}}}""").RootElement);

        var response = await h.Chat(flavour).GetResponseAsync("weather?", new ChatOptions { Tools = [tool] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("杭州", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)call.Arguments["days"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var sentTools = flavour switch
        {
            "qianfan" => h.Handler.LastJson["functions"]!,
            "dashscope" => h.Handler.LastJson["parameters"]!["tools"]!,
            _ => h.Handler.LastJson["tools"]!,
        };
        Assert.Contains("get_weather", sentTools.ToJsonString(), StringComparison.Ordinal);

        // Second turn: the call goes back with the vendor's argument text and the result as text.
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "sunny"));
        List<ChatMessage> history = [new(ChatRole.User, "weather?"), .. response.Messages, new(ChatRole.Tool, [new FunctionResultContent(call.CallId, new { temperature = 21 })])];
        var final = await h.Chat(flavour).GetResponseAsync(history, new ChatOptions { Tools = [tool] });

        Assert.Equal("sunny", final.Text);
        var sent = h.Handler.LastJson;
        Assert.Contains("""{"city":"杭州","days":2}""", StringValues(sent, "arguments"));
        Assert.Contains("""{"temperature":21}""", StringValues(sent, "content"));
    }

    [Fact]
    public void InvalidArguments_AreKept_NotThrown()
    {
        var call = Shared.ToolCalls.Call("c1", "f", "{\"city\": \"Hang");

        Assert.Null(call.Arguments);
        Assert.NotNull(call.Exception);
        Assert.Equal("{\"city\": \"Hang", call.RawRepresentation);
        Assert.Equal("{\"city\": \"Hang", Shared.ToolCalls.ArgumentsJson(call));
    }

    [Fact]
    public void ArgumentsBuiltInCode_AreSerialized()
    {
        var call = new FunctionCallContent("c1", "f", new Dictionary<string, object?> { ["n"] = 3, ["s"] = "x" });

        Assert.Equal("""{"n":3,"s":"x"}""", Shared.ToolCalls.ArgumentsJson(call));
    }

    [Theory]
    [InlineData("openai", "\"reasoning_effort\":\"high\"", "\"reasoning_effort\":\"none\"")]
    [InlineData("deepseek", "\"reasoning_effort\":\"high\"", "\"reasoning_effort\":\"none\"")]
    [InlineData("qianfan-v2", "\"reasoning_effort\":\"high\"", "\"reasoning_effort\":\"none\"")]
    [InlineData("dashscope-compatible", "\"enable_thinking\":true", "\"enable_thinking\":false")]
    [InlineData("zhipu", "\"thinking\":{\"type\":\"enabled\"}", "\"thinking\":{\"type\":\"disabled\"}")]
    public async Task Reasoning_OnAndOff_InEachDialect(string flavour, string on, string off)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "4", reasoning: "2+2"));

        var response = await h.Chat(flavour).GetResponseAsync("2+2?", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });
        Assert.Contains(on, h.Handler.LastBody!, StringComparison.Ordinal);
        Assert.Equal("2+2", Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>()).Text);

        await h.Chat(flavour).GetResponseAsync("2+2?", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } });
        Assert.Contains(off, h.Handler.LastBody!, StringComparison.Ordinal);

        await h.Chat(flavour).GetResponseAsync("2+2?");
        Assert.DoesNotContain("reasoning_effort", h.Handler.LastBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("thinking", h.Handler.LastBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reasoning_DashScopeNative_StreamsWithEnableThinking_AndRejectsItWithoutStreaming()
    {
        using var h = ContractHarness.Create("dashscope");
        var thinking = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Chat("dashscope").GetResponseAsync("hi", thinking));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("GetStreamingResponseAsync", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Requests);

        h.Handler.Responses.Enqueue(ContractHarness.Reply("dashscope", "ok"));
        await h.Chat("dashscope").GetResponseAsync("hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } });
        Assert.False((bool)h.Handler.LastJson["parameters"]!["enable_thinking"]!);
    }

    [Fact]
    public async Task Reasoning_QianfanV1_IsRejectedBeforeTheNetwork()
    {
        using var h = ContractHarness.Create("qianfan");

        await Assert.ThrowsAsync<NotSupportedException>(() => h.Chat("qianfan").GetResponseAsync("hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } }));

        Assert.Empty(h.Handler.Requests);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    [InlineData("zhipu")]
    [InlineData("qianfan-v2")]
    public async Task ToolModes_MapToToolChoice(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));
        var tool = AIFunctionFactory.CreateDeclaration("f", null, JsonDocument.Parse("""{"type":"object"}""").RootElement);
        var expected = new (ChatToolMode Mode, string Json)[]
        {
            (ChatToolMode.Auto, "\"auto\""),
            (ChatToolMode.None, "\"none\""),
            (ChatToolMode.RequireAny, "\"required\""),
            (ChatToolMode.RequireSpecific("f"), """{"type":"function","function":{"name":"f"}}"""),
        };

        foreach (var (mode, json) in expected)
        {
            await h.Chat(flavour).GetResponseAsync("hi", new ChatOptions { Tools = [tool], ToolMode = mode, AllowMultipleToolCalls = false });
            Assert.Equal(json, h.Handler.LastJson["tool_choice"]!.ToJsonString());
            Assert.False((bool)h.Handler.LastJson["parallel_tool_calls"]!);
        }
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope")]
    [InlineData("dashscope-compatible")]
    [InlineData("zhipu")]
    [InlineData("qianfan-v2")]
    public async Task JsonSchemaFormat_CarriesNameDescriptionAndStrict_AndOurKeysStayOffTheWire(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, """{"answer":"4"}"""));
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}""").RootElement;

        await h.Chat(flavour).GetResponseAsync("2+2?", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "math_answer", "The answer"),
            AdditionalProperties = new() { [LlmAdditionalProperties.StrictJsonSchema] = true, ["top_k_extra"] = 5 },
        });

        var body = h.Handler.LastJson;
        var format = (flavour == "dashscope" ? body["parameters"]!["response_format"] : body["response_format"])!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("math_answer", (string?)format["json_schema"]!["name"]);
        Assert.Equal("The answer", (string?)format["json_schema"]!["description"]);
        Assert.True((bool)format["json_schema"]!["strict"]!);
        Assert.Equal(schema.GetRawText(), format["json_schema"]!["schema"]!.ToJsonString());
        Assert.DoesNotContain("strictJsonSchema", h.Handler.LastBody!, StringComparison.Ordinal);
        Assert.Contains("top_k_extra", h.Handler.LastBody!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ImageFlavours))]
    public async Task ImageBytesAndUrls_ReachEveryVisionFlavour(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "a cat"));
        var question = new ChatMessage(ChatRole.User, [new TextContent("What is this?"), new DataContent(Png, "image/png"), new UriContent("https://example.com/cat.jpg", "image/jpeg")]);

        var response = await h.Chat(flavour).GetResponseAsync([question], new ChatOptions { ModelId = flavour == "zhipu" ? "glm-4v-plus" : "vl-model" });

        Assert.Equal("a cat", response.Text);
        var base64 = Convert.ToBase64String(Png);
        var (path, body) = h.Handler.Requests[^1];
        var json = JsonNode.Parse(body)!;
        if (flavour == "dashscope")
        {
            Assert.EndsWith("services/aigc/multimodal-generation/generation", path, StringComparison.Ordinal);
            var parts = json["input"]!["messages"]![0]!["content"]!.AsArray();
            Assert.Equal("What is this?", (string?)parts[0]!["text"]);
            Assert.Equal("data:image/png;base64," + base64, (string?)parts[1]!["image"]);
            Assert.Equal("https://example.com/cat.jpg", (string?)parts[2]!["image"]);
            return;
        }

        var content = json["messages"]![0]!["content"]!.AsArray();
        Assert.Equal("text", (string?)content[0]!["type"]);
        Assert.Equal("image_url", (string?)content[1]!["type"]);
        Assert.Equal(flavour == "zhipu" ? base64 : "data:image/png;base64," + base64, (string?)content[1]!["image_url"]!["url"]);
        Assert.Equal("https://example.com/cat.jpg", (string?)content[2]!["image_url"]!["url"]);
    }

    [Fact]
    public async Task DashScopeNative_MultimodalReply_WithContentList_IsRead()
    {
        using var h = ContractHarness.Create("dashscope");
        h.Handler.Responses.Enqueue("""{"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[{"text":"一只猫"}]}}]},"usage":{"input_tokens":1200,"output_tokens":4,"image_tokens":1100},"request_id":"r-vl"}""");

        var response = await h.Chat("dashscope").GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("这是什么"), new UriContent("https://example.com/cat.jpg", "image/jpeg")])], new ChatOptions { ModelId = "qwen-vl-max" });

        Assert.Equal("一只猫", response.Text);
        Assert.Equal("r-vl", response.GetRequestId());
    }

    [Fact]
    public async Task DashScopeNative_VisionModel_GoesToMultimodalEndpointEvenForText()
    {
        using var h = ContractHarness.Create("dashscope");
        h.Handler.Responses.Enqueue(ContractHarness.Reply("dashscope", "hi"));

        await h.Chat("dashscope").GetResponseAsync("hello", new ChatOptions { ModelId = "qwen-vl-plus" });

        Assert.EndsWith("multimodal-generation/generation", h.Handler.Requests[^1].Path, StringComparison.Ordinal);
        Assert.Equal("""[{"text":"hello"}]""", h.Handler.LastJson["input"]!["messages"]![0]!["content"]!.ToJsonString());
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    public async Task AudioBytes_GoAsInputAudio(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "hello"));

        await h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("Transcribe"), new DataContent(new byte[] { 1, 2, 3 }, "audio/wav")])]);

        var part = h.Handler.LastJson["messages"]![0]!["content"]![1]!;
        Assert.Equal("input_audio", (string?)part["type"]);
        Assert.Equal("AQID", (string?)part["input_audio"]!["data"]);
        Assert.Equal("wav", (string?)part["input_audio"]!["format"]);
    }

    [Theory]
    [InlineData("qianfan", "image/png")]
    [InlineData("zhipu", "audio/wav")]
    [InlineData("qianfan-v2", "audio/mp3")]
    [InlineData("openai", "video/mp4")]
    public async Task MediaAVendorCannotTake_IsRejectedBeforeTheNetwork(string flavour, string mediaType)
    {
        using var h = ContractHarness.Create(flavour);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("?"), new DataContent(new byte[] { 1 }, mediaType)])]));

        Assert.Contains(mediaType, error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Requests);
    }

    [Fact]
    public async Task ImageOutsideAUserMessage_IsAnArgumentError()
    {
        using var h = ContractHarness.Create("openai");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Chat("openai").GetResponseAsync([new ChatMessage(ChatRole.System, [new DataContent(Png, "image/png")]), new ChatMessage(ChatRole.User, "?")]));

        Assert.Equal("messages", error.ParamName);
        Assert.Contains("messages[0]", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Requests);
    }

    [Theory]
    [InlineData("deepseek", true)]
    [InlineData("openai", false)]
    [InlineData("dashscope-compatible", false)]
    public async Task ReasoningNextToToolCalls_GoesBackOnlyWhereTheServerNeedsIt(string flavour, bool expected)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "done"));
        var assistant = new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("need weather"), new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "x" })]);

        await h.Chat(flavour).GetResponseAsync([new ChatMessage(ChatRole.User, "weather?"), assistant, new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")])]);

        var sentAssistant = h.Handler.LastJson["messages"]![1]!;
        Assert.Equal(expected ? "need weather" : null, (string?)sentAssistant["reasoning_content"]);
    }

    [Fact]
    public async Task ReasoningContentEcho_IsAnOption()
    {
        using var h = ContractHarness.Create("openai", extraConfig: new() { ["SendReasoningContent"] = "true" });
        h.Handler.Responses.Enqueue(ContractHarness.Reply("openai", "done"));

        await h.Chat("openai").GetResponseAsync([new ChatMessage(ChatRole.User, "q"), new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("r"), new FunctionCallContent("c", "f")]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c", "x")])]);

        Assert.Equal("r", (string?)h.Handler.LastJson["messages"]![1]!["reasoning_content"]);
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task RawRepresentationFactory_IsTheBaseOfTheBody_AndOptionsWin(string flavour)
    {
        using var h = ContractHarness.Create(flavour);
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "ok"));
        IChatClient? seen = null;

        await h.Chat(flavour).GetResponseAsync("hi", new ChatOptions
        {
            Temperature = 0.5f,
            RawRepresentationFactory = c => { seen = c; return new JsonObject { ["temperature"] = 1.5, ["vendor_flag"] = "on" }; },
        });

        Assert.NotNull(seen);
        var body = h.Handler.LastJson;
        Assert.Equal("on", (string?)body["vendor_flag"]);
        var temperature = flavour == "dashscope" ? body["parameters"]!["temperature"] : body["temperature"];
        Assert.Equal(0.5, (double)temperature!, 3);
    }

    [Fact]
    public async Task RawRepresentationFactory_OfAnotherType_IsAnArgumentError()
    {
        using var h = ContractHarness.Create("openai");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Chat("openai").GetResponseAsync("hi", new ChatOptions { RawRepresentationFactory = _ => new Uri("http://x") }));

        Assert.Contains("RawRepresentationFactory", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Handler.Requests);
    }

    [Theory]
    [InlineData("openai", "openai", "OpenAI")]
    [InlineData("deepseek", "deepseek", "OpenAI")]
    [InlineData("dashscope", "dashscope", "DashScope")]
    [InlineData("dashscope-compatible", "dashscope", "DashScope")]
    [InlineData("zhipu", "zhipu", "Zhipu")]
    [InlineData("qianfan", "qianfan", "Qianfan")]
    [InlineData("qianfan-v2", "qianfan", "Qianfan")]
    public void Metadata_NamesTheRealProvider_AndTheInstance_ThroughMiddleware(string flavour, string provider, string vendor)
    {
        using var h = ContractHarness.Create(flavour, b => b.ConfigureChatClient(flavour, p => p.UseFunctionInvocation()));
        var client = h.Chat(flavour);

        Assert.IsType<FunctionInvokingChatClient>(client);
        Assert.Equal(provider, client.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Equal(new LlmInstanceMetadata(flavour, provider, vendor), client.GetService<LlmInstanceMetadata>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
    }

    [Fact]
    public void ProviderName_IsConfigurable()
    {
        using var h = ContractHarness.Create("openai", extraConfig: new() { ["ProviderName"] = "vLLM" });

        Assert.Equal("vllm", h.Chat("openai").GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public void VendorOnlyClients_AreServedByGetService_ThroughMiddleware()
    {
        using (var zhipu = ContractHarness.Create("zhipu", b => b.ConfigureChatClient("zhipu", p => p.UseFunctionInvocation())))
        {
            Assert.NotNull(zhipu.Chat("zhipu").GetService<IZhipuAsyncChatClient>());
            Assert.NotNull(zhipu.Chat("zhipu").GetService<IZhipuImageClient>());
        }

        using var dashscope = ContractHarness.Create("dashscope", b => b.ConfigureChatClient("dashscope", p => p.UseFunctionInvocation()));
        Assert.NotNull(dashscope.Chat("dashscope").GetService<IDashScopeFileClient>());
    }

    [Theory]
    [MemberData(nameof(AllFlavours))]
    public async Task FunctionInvocation_RunsAToolLoop(string flavour)
    {
        using var h = ContractHarness.Create(flavour, b => b.ConfigureChatClient(flavour, p => p.UseFunctionInvocation()));
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, string.Empty, toolName: "add", toolArgs: """{"a":2,"b":3}"""));
        h.Handler.Responses.Enqueue(ContractHarness.Reply(flavour, "2+3=5"));
        int calls = 0;
        var add = AIFunctionFactory.Create((int a, int b) => { calls++; return a + b; }, "add", "Adds two numbers");

        var response = await h.Chat(flavour).GetResponseAsync("2+3?", new ChatOptions { Tools = [add] });

        Assert.Equal("2+3=5", response.Text);
        Assert.Equal(1, calls);
        Assert.Equal(2, h.Handler.Requests.Count);
        Assert.Contains("5", StringValues(JsonNode.Parse(h.Handler.Requests[1].Body)!, "content"));
    }

    [Fact]
    public void ConfiguredPipeline_FromConfiguration_WrapsTheInstance()
    {
        using var h = ContractHarness.Create("openai", extraConfig: new() { ["ChatPipeline:0"] = "FunctionInvocation", ["EmbeddingPipeline:0"] = "Logging" });

        Assert.IsType<FunctionInvokingChatClient>(h.Chat("openai"));
        Assert.IsType<FunctionInvokingChatClient>(h.Services.GetRequiredService<IChatClient>());
        Assert.IsType<LoggingEmbeddingGenerator<string, Embedding<float>>>(h.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("openai"));
        Assert.IsAssignableFrom<IEmbeddingClient>(h.Services.GetRequiredKeyedService<IEmbeddingClient>("openai"));
        Assert.Same(h.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("openai"), h.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void UnknownMiddlewareInConfiguration_NamesTheKeyAndTheChoices()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:openai:Provider"] = "OpenAI",
            ["LlmProviders:openai:ApiKey"] = "k",
            ["LlmProviders:openai:ChatPipeline:0"] = "Caching",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLlmProviders(config.GetSection("LlmProviders")));

        Assert.Contains("LlmProviders:openai:ChatPipeline:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("FunctionInvocation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddingGenerator_WithoutPipeline_IsTheEmbeddingClient()
    {
        using var h = ContractHarness.Create("openai");

        Assert.Same(h.Services.GetRequiredKeyedService<IEmbeddingClient>("openai"), h.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("openai"));
        Assert.Equal("openai", h.Services.GetRequiredKeyedService<IEmbeddingClient>("openai").GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
    }

    /// <summary>Every string value of a property with this name, anywhere in the JSON.</summary>
    private static List<string> StringValues(JsonNode node, string name)
    {
        var found = new List<string>();
        Walk(node);
        return found;

        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == name && value is JsonValue v && v.TryGetValue<string>(out var text))
                        {
                            found.Add(text);
                        }

                        Walk(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item);
                    }

                    break;
            }
        }
    }
}
