using System.Text;
using System.Text.Json;
using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Shared;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.OpenAICompatible;

/// <summary>
/// The hand-written request writer, byte for byte: field order, fields left out when unset, <c>content</c> always written,
/// non-ASCII text as UTF-8, float formatting. These bytes were the source-generated serializer's when the writer replaced it.
/// </summary>
public sealed class OpenAIRequestWriterTests
{
    private static OpenAICompatibleSettings Settings(ReasoningDialect reasoning = ReasoningDialect.ReasoningEffort, bool maxCompletion = false, MediaInput media = MediaInput.Image | MediaInput.Audio | MediaInput.Document | MediaInput.Video)
        => new() { ProviderName = "acme", InstanceName = "main", BaseUrl = new Uri("http://fake.test/v1/"), Reasoning = reasoning, UseMaxCompletionTokens = maxCompletion, Media = media, SendReasoningContent = true };

    private static List<OpenAIChatRequest> Requests()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string","description":"<&>'é"}}}""").RootElement;
        var conversation = new List<ChatMessage>
        {
            new(ChatRole.System, "be brief \u00e9\u4f60\u662f\u8c01 \ud83d\ude00 \"q\" \\ \n\t <b>&amp;</b> '"),
            new(ChatRole.User, [new TextContent("look"), new DataContent(new byte[] { 1, 2, 3 }, "image/png"), new UriContent(new Uri("https://x.test/a.jpg"), "image/jpeg") { AdditionalProperties = new() { ["detail"] = "high" } }, new DataContent(new byte[] { 4, 5 }, "audio/wav"), new UriContent(new Uri("https://x.test/d.pdf"), "application/pdf"), new UriContent(new Uri("https://x.test/v.mp4"), "video/mp4")]) { AuthorName = "bob" },
            new(ChatRole.Assistant, [new TextReasoningContent("thinking"), new FunctionCallContent("c1", "get", new Dictionary<string, object?> { ["a"] = "b", ["n"] = 1 })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "sunny")]),
            new(ChatRole.Assistant, "done"),
            new(ChatRole.User, "again") { AdditionalProperties = new() { ["partial"] = true } },
        };
        var full = new ChatOptions
        {
            Instructions = "sys",
            Temperature = 0.7f,
            TopP = 0.123456789f,
            TopK = 5,
            MaxOutputTokens = 100,
            StopSequences = ["x", "y"],
            Seed = 1234567890123,
            FrequencyPenalty = -0.5f,
            PresencePenalty = 1.5e-7f,
            Tools = [Meai.Function("f", "does f", """{"type":"object","properties":{"q":{"type":"string"}}}"""), Meai.Function("g")],
            ToolMode = ChatToolMode.RequireSpecific("f"),
            AllowMultipleToolCalls = true,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "named", "describes"),
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
        };
        var list = new List<OpenAIChatRequest>
        {
            OpenAIChatMapper.ToWire([new(ChatRole.User, "Say hello")], null, "chat", stream: false, Settings()),
            OpenAIChatMapper.ToWire([new(ChatRole.User, "Say hello")], null, "chat", stream: true, Settings()),
            OpenAIChatMapper.ToWire(conversation, full, "m", stream: true, Settings()),
            OpenAIChatMapper.ToWire(conversation, full, "m", stream: false, Settings(ReasoningDialect.EnableThinking, maxCompletion: true)),
            OpenAIChatMapper.ToWire(conversation, full, "m", stream: false, Settings(ReasoningDialect.ThinkingType)),
            OpenAIChatMapper.ToWire([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Tools = [Meai.Function("f")], ToolMode = ChatToolMode.None, AllowMultipleToolCalls = false }, "m", stream: false, Settings()),
            OpenAIChatMapper.ToWire([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text, Tools = [Meai.Function("f")], ToolMode = ChatToolMode.RequireAny }, "m", stream: false, Settings()),
            OpenAIChatMapper.ToWire([new(ChatRole.User, "hi")], new ChatOptions { Tools = [Meai.Function("f")], ToolMode = ChatToolMode.Auto, AdditionalProperties = new() { [LlmAdditionalProperties.StrictJsonSchema] = true } }, "m", stream: false, Settings()),
            OpenAIChatMapper.ToWire([new(ChatRole.Assistant, [new FunctionCallContent("c", "f")])], null, "m", stream: false, Settings()),
            new OpenAIChatRequest
            {
                Model = "all",
                Messages = [new OpenAIMessage { Role = "r", Content = default, Name = "n", ReasoningContent = "rc", ToolCalls = [new OpenAIToolCall { Index = 3, Id = "i", Type = "t", Function = new OpenAIFunctionCall(null, null) }, new OpenAIToolCall()], ToolCallId = "tc", Refusal = "no" }, new OpenAIMessage { Content = new OpenAIContent("t", [new OpenAIContentPart { Type = "a", Text = "b", ImageUrl = new OpenAIImageUrl("u"), InputAudio = new OpenAIInputAudio("d", "f"), Image = "i", Audio = "au", Video = "v", DocUrl = ["x", "y"] }, new OpenAIContentPart()]) }],
                Stream = false,
                StreamOptions = new OpenAIStreamOptions(false),
                Temperature = float.MaxValue,
                TopP = float.Epsilon,
                MaxTokens = int.MinValue,
                MaxCompletionTokens = 0,
                Stop = [],
                Seed = long.MinValue,
                Tools = [],
                ToolChoice = JsonDocument.Parse("\"auto\"").RootElement,
                ParallelToolCalls = false,
                ResponseFormat = new OpenAIResponseFormat { Type = "json_schema", JsonSchema = new OpenAIJsonSchema { Name = "n" } },
                User = "u\u2028",
                ReasoningEffort = "low",
                EnableThinking = false,
                Thinking = new OpenAIThinking("enabled"),
            },
        };
        return list;
    }

    [Fact]
    public void Write_PlainCall_OnlyModelAndMessages()
        => Assert.Equal("""{"model":"chat","messages":[{"role":"user","content":"Say hello"}]}""", Written(Requests()[0]));

    [Fact]
    public void Write_Stream_AsksForUsage()
        => Assert.Equal("""{"model":"chat","messages":[{"role":"user","content":"Say hello"}],"stream":true,"stream_options":{"include_usage":true}}""", Written(Requests()[1]));

    [Fact]
    public void Write_FullConversationAndOptions_PinnedBytes()
        => Assert.Equal("""
            {"model":"m","messages":[{"role":"system","content":"sys"},{"role":"system","content":"be brief é你是谁 \uD83D\uDE00 \"q\" \\ \n\t <b>&amp;</b> '"},{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},{"type":"image_url","image_url":{"url":"https://x.test/a.jpg","detail":"high"}},{"type":"input_audio","input_audio":{"data":"BAU=","format":"wav"}},{"type":"doc_url","doc_url":["https://x.test/d.pdf"]},{"video":"https://x.test/v.mp4"}],"name":"bob"},{"role":"assistant","content":null,"reasoning_content":"thinking","tool_calls":[{"id":"c1","type":"function","function":{"name":"get","arguments":"{\"a\":\"b\",\"n\":1}"}}]},{"role":"tool","content":"sunny","tool_call_id":"c1"},{"role":"assistant","content":"done"},{"role":"user","content":"again"}],"stream":true,"stream_options":{"include_usage":true},"temperature":0.7,"top_p":0.12345679,"top_k":5,"max_tokens":100,"stop":["x","y"],"seed":1234567890123,"frequency_penalty":-0.5,"presence_penalty":1.5E-07,"tools":[{"type":"function","function":{"name":"f","description":"does f","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}},{"type":"function","function":{"name":"g","parameters":{"type":"object","properties":{}}}}],"tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":true,"response_format":{"type":"json_schema","json_schema":{"name":"named","description":"describes","schema":{"type":"object","properties":{"a":{"type":"string","description":"<&>'é"}}}}},"reasoning_effort":"high"}
            """, Written(Requests()[2]));

    [Fact]
    public void Write_EveryField_PinnedBytes()
        => Assert.Equal("""
            {"model":"all","messages":[{"role":"r","content":null,"name":"n","reasoning_content":"rc","tool_calls":[{"index":3,"id":"i","type":"t","function":{}},{}],"tool_call_id":"tc","refusal":"no"},{"content":[{"type":"a","text":"b","image_url":{"url":"u"},"input_audio":{"data":"d","format":"f"},"image":"i","audio":"au","video":"v","doc_url":["x","y"]},{}]}],"stream":false,"stream_options":{"include_usage":false},"temperature":3.4028235E+38,"top_p":1E-45,"max_tokens":-2147483648,"max_completion_tokens":0,"stop":[],"seed":-9223372036854775808,"tools":[],"tool_choice":"auto","parallel_tool_calls":false,"response_format":{"type":"json_schema","json_schema":{"name":"n"}},"user":"u\u2028","reasoning_effort":"low","enable_thinking":false,"thinking":{"type":"enabled"}}
            """, Written(Requests()[9]));

    [Fact]
    public void Write_AllCases_ValidJsonObjects()
    {
        foreach (var request in Requests())
        {
            using var doc = JsonDocument.Parse(Written(request));
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            Assert.Equal(request.Model, doc.RootElement.GetProperty("model").GetString());
        }
    }

    private static string Written(OpenAIChatRequest request) => Encoding.UTF8.GetString(WireJson.Serialize(request, OpenAIRequestWriter.Write, null));
}
