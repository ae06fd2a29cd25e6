using System.Text;
using System.Text.Json;
using LlmClients.OpenAICompatible;
using LlmClients.Qianfan;
using static LlmClients.Tests.Qianfan.QianfanTestHost;

namespace LlmClients.Tests.Qianfan;

public sealed class QianfanChatMapperTests
{
    private static string Body(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null, bool stream = false)
        => Encoding.UTF8.GetString(QianfanChatMapper.Serialize(QianfanChatMapper.ToWire(messages, options, stream), options, null!));

    [Fact]
    public void ToWire_SystemMessages_GoToTopLevelSystemField()
    {
        var body = Body([new(ChatRole.System, "你是助手。"), new(ChatRole.System, "Be brief."), new(ChatRole.User, "你好")]);

        AssertJsonEqual("""{"messages":[{"role":"user","content":"你好"}],"system":"你是助手。\nBe brief."}""", body);
    }

    [Fact]
    public void ToWire_AllOptions_MapsToV1Fields()
    {
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            TopP = 0.75f,
            StopSequences = ["。"],
            MaxOutputTokens = 256,
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new() { ["user_id"] = "u-1", ["penalty_score"] = 1.5, ["disable_search"] = true },
        };

        var body = Body([new(ChatRole.User, "hi")], options, stream: true);

        AssertJsonEqual(
            """{"messages":[{"role":"user","content":"hi"}],"stream":true,"temperature":0.5,"top_p":0.75,"stop":["。"],"max_output_tokens":256,"response_format":"json_object","user_id":"u-1","penalty_score":1.5,"disable_search":true}""",
            body);
    }

    [Fact]
    public void ToWire_FunctionsAndHistory_MapsFunctionCallAndFunctionRole()
    {
        var tool = Meai.Function("echo", "Echoes words", """{"type":"object","properties":{"words":{"type":"string"}}}""");
        ChatMessage[] messages =
        [
            new(ChatRole.User, "echo hello world!"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "echo", new Dictionary<string, object?> { ["words"] = "hello world!" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "{\"words\":\"hello world!\"}")]),
        ];

        var body = Body(messages, new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("echo") });

        // The follow-up request shape of the erniebot4j transcript.
        AssertJsonEqual(
            """
            {"messages":[
              {"role":"user","content":"echo hello world!"},
              {"role":"assistant","content":null,"function_call":{"name":"echo","arguments":"{\"words\":\"hello world!\"}"}},
              {"role":"function","content":"{\"words\":\"hello world!\"}","name":"echo"}],
             "functions":[{"name":"echo","description":"Echoes words","parameters":{"type":"object","properties":{"words":{"type":"string"}}}}],
             "tool_choice":{"type":"function","function":{"name":"echo"}}}
            """,
            body);
    }

    [Fact]
    public void ToWire_EvenNumberOfMessages_ThrowsNamingRuleAndIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => Body([new(ChatRole.System, "s"), new(ChatRole.User, "a"), new(ChatRole.Assistant, "b")]));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("messages[2]", ex.Message);
        Assert.Contains("odd number", ex.Message);
    }

    [Fact]
    public void ToWire_TwoUserMessagesInARow_ThrowsNamingOffendingIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => Body([new(ChatRole.User, "a"), new(ChatRole.User, "b"), new(ChatRole.User, "c")]));

        Assert.Contains("messages[1]", ex.Message);
        Assert.Contains("alternate", ex.Message);
    }

    [Fact]
    public void ToWire_StartsWithAssistant_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Body([new(ChatRole.Assistant, "a")]));

        Assert.Contains("messages[0]", ex.Message);
    }

    [Fact]
    public void ToWire_SystemAfterConversationStarted_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Body([new(ChatRole.User, "a"), new(ChatRole.System, "s"), new(ChatRole.User, "c")]));

        Assert.Contains("messages[1]", ex.Message);
        Assert.Contains("system", ex.Message);
    }

    [Fact]
    public void ToWire_JsonSchemaFormat_ThrowsNamingAlternative()
    {
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

        var ex = Assert.Throws<ArgumentException>(() => Body([new(ChatRole.User, "a")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }));

        Assert.Contains("ChatResponseFormat.Json", ex.Message);
    }

    [Fact]
    public void FromWire_VerbatimNormalReply_FinishNormalIsStop()
    {
        var wire = JsonSerializer.Deserialize(Fixture("chat-normal.json"), QianfanJsonContext.Default.QianfanChatResponse)!;

        var response = QianfanChatMapper.FromWire(wire, "ERNIE-Bot-8K", headerRequestId: null);

        Assert.Equal("echo 返回了 \"hello world!\"。", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("as-nx26cc70ms", response.ResponseId);
        Assert.Equal("as-nx26cc70ms", response.GetRequestId());
        Assert.Equal("ERNIE-Bot-8K", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1707251619), response.CreatedAt);
        Assert.Equal(119, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(128, response.Usage.TotalTokenCount);
        Assert.Equal(false, response.AdditionalProperties!["is_truncated"]);
        Assert.Equal(false, response.AdditionalProperties["need_clear_history"]);
    }

    [Fact]
    public void FromWire_VerbatimFunctionCall_MapsToToolCallWithThoughts()
    {
        var wire = JsonSerializer.Deserialize(Fixture("chat-function-call.json"), QianfanJsonContext.Default.QianfanChatResponse)!;

        var response = QianfanChatMapper.FromWire(wire, "ERNIE-Bot-8K", "hdr-1");

        var call = Assert.Single(response.FunctionCalls());
        Assert.Equal("echo", call.Name);
        Assert.Equal("{\"words\":\"hello world!\"}", call.RawArguments());
        Assert.Equal("hello world!", ((JsonElement)call.Arguments!["words"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("hdr-1", response.GetRequestId());
        Assert.Equal("", response.Text);
        Assert.StartsWith("用户希望我使用echo工具", (string)response.AdditionalProperties!["thoughts"]!);
    }

    [Fact]
    public void FromWire_IsTruncated_FinishIsLength()
    {
        var response = QianfanChatMapper.FromWire(new QianfanChatResponse { Result = "cut", IsTruncated = true, FinishReason = "normal" }, "m", null);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(true, response.AdditionalProperties!["is_truncated"]);
    }

    [Fact]
    public void FromWire_NeedClearHistory_FinishIsContentFilterWithBanRound()
    {
        var response = QianfanChatMapper.FromWire(new QianfanChatResponse { Result = "", NeedClearHistory = true, BanRound = -1, FinishReason = "normal" }, "m", null);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal(-1, response.AdditionalProperties!["ban_round"]);
        Assert.Equal(true, response.AdditionalProperties["need_clear_history"]);
    }

    [Fact]
    public void FromWireChunk_IsEndWithNeedClearHistory_ContentFilterWithFlagsSurfaced()
    {
        var chunk = QianfanChatMapper.FromWireChunk(
            new QianfanChatResponse { Result = "", IsEnd = true, SentenceId = 3, NeedClearHistory = true, BanRound = 2, IsTruncated = false, FinishReason = "normal" }, "m", null);

        Assert.Equal(ChatFinishReason.ContentFilter, chunk.FinishReason);
        Assert.Equal(true, chunk.AdditionalProperties!["need_clear_history"]);
        Assert.Equal(2, chunk.AdditionalProperties["ban_round"]);
        Assert.Equal(false, chunk.AdditionalProperties["is_truncated"]);
        Assert.Equal(3, chunk.AdditionalProperties["sentence_id"]);
    }

    [Fact]
    public void ToWire_TopKAndSeed_NotSentInV1ButTopKPassesThroughAdditionalProperties()
    {
        // Documented on QianfanOptions: v1 has no top_k / seed field; a deployment that takes top_k gets it as an extra.
        var dropped = Body([new(ChatRole.User, "hi")], new ChatOptions { TopK = 5, Seed = 42 });
        var extra = Body([new(ChatRole.User, "hi")], new ChatOptions { AdditionalProperties = new() { ["top_k"] = 5 } });

        AssertJsonEqual("""{"messages":[{"role":"user","content":"hi"}]}""", dropped);
        AssertJsonEqual("""{"messages":[{"role":"user","content":"hi"}],"top_k":5}""", extra);
    }

    [Fact]
    public void FromWire_Old2023FormatWithoutFinishReason_IsStop()
    {
        var response = QianfanChatMapper.FromWire(new QianfanChatResponse { Result = "ok" }, "ERNIE-Bot", null);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("function_call", "tool_calls")]
    public void FromWire_FinishReasons_Mapped(string wire, string expected)
    {
        var response = QianfanChatMapper.FromWire(new QianfanChatResponse { Result = "x", FinishReason = wire }, "m", null);

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact]
    public void FromWireChunk_NotEnd_HasNoFinishReasonOrUsageDespiteNormal()
    {
        var chunk = QianfanChatMapper.FromWireChunk(
            new QianfanChatResponse { Result = "你好", IsEnd = false, FinishReason = "normal", Usage = new OpenAIUsage { PromptTokens = 2, CompletionTokens = 0, TotalTokens = 2 } }, "m", null);

        Assert.Null(chunk.FinishReason);
        Assert.Null(chunk.Usage);
        Assert.Equal("你好", chunk.Text);
    }
}
