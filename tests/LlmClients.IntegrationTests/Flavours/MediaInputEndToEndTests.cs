using System.Text.Json;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// Images (and audio) in, text out, for every vendor flavour that takes them: DI, the real handler chain, and the emulator over
/// a loopback socket. The emulator echoes each media part it saw as <see cref="EmulatorReplies.ImagePart"/> /
/// <see cref="EmulatorReplies.AudioPart"/>; the request log shows the wire shape each flavour sent.
/// </summary>
public sealed class MediaInputEndToEndTests : IAsyncLifetime
{
    private const string Question = "What is in this picture?";
    private const string ImageUrl = "https://example.com/images/cat.png";

    // A 1x1 PNG.
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static readonly byte[] Png = Convert.FromBase64String(PngBase64);

    // The first bytes of a WAV file are enough: nobody decodes them.
    private static readonly byte[] Wav = "RIFF\0\0\0\0WAVEfmt "u8.ToArray();

    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        _services = AllFlavours.Build(_emulator, name => Route(name).Model);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    /// <summary>Every flavour that takes images x the image as bytes (DataContent) or by URL (UriContent) x streamed or not.</summary>
    public static TheoryData<string, bool, bool> ImageCases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in new[] { "openai", "dashscope-compatible", "dashscope-native", "zhipu", "qianfan-v2" })
        {
            foreach (var bytes in new[] { true, false })
            {
                foreach (var streaming in new[] { false, true })
                {
                    data.Add(name, bytes, streaming);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ImageCases))]
    public async Task Chat_TextAndImage_ReplyEchoesTheImageAndWireCarriesIt(string name, bool imageAsBytes, bool streaming)
    {
        AIContent image = imageAsBytes ? new DataContent(Png, "image/png") : new UriContent(new Uri(ImageUrl), "image/png");
        ChatMessage[] messages = [new(ChatRole.System, "Describe images briefly."), new(ChatRole.User, [new TextContent(Question), image])];

        var (text, response) = await AskAsync(name, messages, streaming);

        var (model, path) = Route(name);
        Assert.Equal(EmulatorReplies.ChatText(model, Question + EmulatorReplies.ImagePart), text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.InputTokenCount > 0, $"usage: {response.Usage?.InputTokenCount}");
        Assert.False(string.IsNullOrEmpty(response.GetRequestId()));

        var request = Assert.Single(_emulator.Requests.Snapshot());
        Assert.Equal(path, request.Path);
        using var body = JsonDocument.Parse(request.Body);
        // Quirk: Zhipu takes image bytes as bare base64 (its SDK's drop_prefix_image_data); everyone else a data: URI.
        var expectedUrl = !imageAsBytes ? ImageUrl : name == "zhipu" ? PngBase64 : $"data:image/png;base64,{PngBase64}";
        if (name == "dashscope-native")
        {
            // multimodal-generation: contents are lists of {"text"} / {"image"}, the system prompt included.
            var sent = body.RootElement.GetProperty("input").GetProperty("messages");
            Assert.Equal("Describe images briefly.", Assert.Single(sent[0].GetProperty("content").EnumerateArray()).GetProperty("text").GetString());
            var parts = sent[1].GetProperty("content").EnumerateArray().ToList();
            Assert.Equal(2, parts.Count);
            Assert.Equal(Question, parts[0].GetProperty("text").GetString());
            Assert.Equal(expectedUrl, parts[1].GetProperty("image").GetString());
            Assert.All(parts, p => Assert.False(p.TryGetProperty("type", out _), "native parts have no 'type'"));
        }
        else
        {
            // OpenAI style: a text-only message stays a string; the user message is an array of typed parts.
            var sent = body.RootElement.GetProperty("messages");
            Assert.Equal("Describe images briefly.", sent[0].GetProperty("content").GetString());
            var parts = sent[1].GetProperty("content").EnumerateArray().ToList();
            Assert.Equal(2, parts.Count);
            Assert.Equal("text", parts[0].GetProperty("type").GetString());
            Assert.Equal(Question, parts[0].GetProperty("text").GetString());
            Assert.Equal("image_url", parts[1].GetProperty("type").GetString());
            Assert.Equal(expectedUrl, parts[1].GetProperty("image_url").GetProperty("url").GetString());
        }
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    [InlineData("dashscope-native")]
    public async Task Chat_AudioBytes_ReplyEchoesTheAudioAndWireCarriesIt(string name)
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("Transcribe:"), new DataContent(Wav, "audio/wav")])];

        var (text, _) = await AskAsync(name, messages, streaming: true);

        Assert.Equal(EmulatorReplies.ChatText(Route(name).Model, "Transcribe:" + EmulatorReplies.AudioPart), text);
        using var body = JsonDocument.Parse(Assert.Single(_emulator.Requests.Snapshot()).Body);
        var wav = Convert.ToBase64String(Wav);
        if (name == "dashscope-native")
        {
            var parts = body.RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content");
            Assert.Equal($"data:audio/wav;base64,{wav}", parts[1].GetProperty("audio").GetString());
        }
        else
        {
            var audio = body.RootElement.GetProperty("messages")[0].GetProperty("content")[1];
            Assert.Equal("input_audio", audio.GetProperty("type").GetString());
            Assert.Equal(wav, audio.GetProperty("input_audio").GetProperty("data").GetString());
            Assert.Equal("wav", audio.GetProperty("input_audio").GetProperty("format").GetString());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DashScopeNative_VisionModelTextOnly_UsesMultimodalRouteAndReadsListContent(bool streaming)
    {
        // A qwen-vl model goes to multimodal-generation even without media; its answer's content is a list of {"text"} parts.
        var (text, response) = await AskAsync("dashscope-native", [new ChatMessage(ChatRole.User, "你好")], streaming);

        Assert.Equal(EmulatorReplies.ChatText("qwen-vl-max", "你好"), text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(AllFlavours.MultimodalPath, Assert.Single(_emulator.Requests.Snapshot()).Path);
        using var body = JsonDocument.Parse(_emulator.Requests.Snapshot()[0].Body);
        Assert.Equal("你好", Assert.Single(body.RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task DashScopeNative_TextModelWithImage_RoutedToMultimodalByContent()
    {
        // qwen-plus is a text model: the image alone sends the request to multimodal-generation.
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent(Question), new UriContent(new Uri(ImageUrl), "image/png")])];

        var response = await Chat("dashscope-native").GetResponseAsync(messages, new ChatOptions { ModelId = "qwen-plus" });

        Assert.Equal(EmulatorReplies.ChatText("qwen-plus", Question + EmulatorReplies.ImagePart), response.Text);
        Assert.Equal(AllFlavours.MultimodalPath, Assert.Single(_emulator.Requests.Snapshot()).Path);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task QianfanV1_Image_ThrowsNotSupportedBeforeAnyRequest(bool imageAsBytes, bool streaming)
    {
        AIContent image = imageAsBytes ? new DataContent(Png, "image/png") : new UriContent(new Uri(ImageUrl), "image/png");
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent(Question), image])];
        var chat = Chat("qianfan-v1");

        var ex = streaming
            ? Assert.Throws<NotSupportedException>(() => chat.GetStreamingResponseAsync(messages))
            : await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(messages));

        Assert.Contains("Qianfan v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("image/png", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests.Snapshot()); // Not even the token exchange.
        Assert.Equal(0, _emulator.Qianfan.TokenExchangeCount);
    }

    private IChatClient Chat(string name) => _services.GetRequiredKeyedService<IChatClient>(name);

    private static (string Model, string Path) Route(string name) => name switch
    {
        "openai" => ("gpt-4o", "/v1/chat/completions"),
        "dashscope-compatible" => ("qwen-vl-max", "/compatible-mode/v1/chat/completions"),
        "dashscope-native" => ("qwen-vl-max", AllFlavours.MultimodalPath),
        "zhipu" or "zhipu-jwt" => ("glm-4v", "/api/paas/v4/chat/completions"),
        "qianfan-v2" => ("ernie-4.5-turbo-vl-32k", "/v2/chat/completions"),
        "qianfan-v1" => ("ernie-lite-8k", AllFlavours.ChatPath(name)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>Asks once, streamed or not; returns the text and the (merged) response.</summary>
    private async Task<(string Text, ChatResponse Response)> AskAsync(string name, IList<ChatMessage> messages, bool streaming)
    {
        if (!streaming)
        {
            var response = await Chat(name).GetResponseAsync(messages);
            return (response.Text, response);
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat(name).GetStreamingResponseAsync(messages))
        {
            updates.Add(update);
        }

        var text = string.Concat(updates.Select(u => u.Text));
        Assert.Equal(EmulatorReplies.SplitForStreaming(text).Count, updates.Count(u => u.Text.Length > 0));
        return (text, updates.ToChatResponse());
    }
}
