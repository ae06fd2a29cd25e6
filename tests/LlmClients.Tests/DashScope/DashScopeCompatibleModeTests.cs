using LlmClients.DashScope;
using RichardSzalay.MockHttp;
using static LlmClients.Tests.DashScope.DashScopeTestHarness;

namespace LlmClients.Tests.DashScope;

public class DashScopeCompatibleModeTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_Compatible_PostsOpenAIStreamWithUsageAndWorkspace()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, Compatible + "chat/completions").WithHeaders("X-DashScope-WorkSpace", "ws-1").Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = Sse(
                    """
                    data: {"choices":[{"delta":{"content":"","role":"assistant"},"index":0,"logprobs":null,"finish_reason":null}],"object":"chat.completion.chunk","usage":null,"created":1770343445,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-f37af769-6ca0-9b36-83a2-177bce0afe22"}

                    data: {"choices":[{"finish_reason":null,"logprobs":null,"delta":{"content":"你好"},"index":0}],"object":"chat.completion.chunk","usage":null,"created":1770343445,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-f37af769-6ca0-9b36-83a2-177bce0afe22"}

                    data: {"choices":[{"finish_reason":"stop","delta":{"content":""},"index":0}],"object":"chat.completion.chunk","usage":null,"created":1770343445,"model":"qwen-plus","id":"chatcmpl-f37af769-6ca0-9b36-83a2-177bce0afe22"}

                    data: {"choices":[],"object":"chat.completion.chunk","usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5},"created":1770343445,"model":"qwen-plus","id":"chatcmpl-f37af769-6ca0-9b36-83a2-177bce0afe22"}

                    data: [DONE]

                    """),
            };
        });
        var client = CompatibleChat(mock, o => { o.Mode = DashScopeMode.Compatible; o.WorkspaceId = "ws-1"; });

        var updates = await CollectAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "你好")], new ChatOptions { ModelId = "qwen-plus" }));

        AssertJsonEqual("""{"model":"qwen-plus","messages":[{"role":"user","content":"你好"}],"stream":true,"stream_options":{"include_usage":true}}""", body!);
        Assert.Equal("你好", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(5, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.TotalTokenCount);
        Assert.Equal("dashscope", client.GetService<ChatClientMetadata>()!.ProviderName);
        var instance = client.GetService<LlmInstanceMetadata>()!;
        Assert.Equal(("dashscope", "dashscope", "DashScope"), (instance.InstanceName, instance.ProviderName, instance.Vendor));
    }

    [Fact]
    public async Task GenerateAsync_Compatible_SendsPluralDimensionsFloatEncodingAndSplitsAtModelCap()
    {
        using var mock = new MockHttpMessageHandler();
        var bodies = new List<string>();
        mock.When(HttpMethod.Post, Compatible + "embeddings").Respond(async req =>
        {
            var body = await req.Content!.ReadAsStringAsync();
            lock (bodies)
            {
                bodies.Add(body);
            }

            var count = System.Text.Json.Nodes.JsonNode.Parse(body)!["input"]!.AsArray().Count;
            var data = string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"object":"embedding","index":{{i}},"embedding":[{{i}},1]}"""));
            return Json("{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-v3\",\"usage\":{\"prompt_tokens\":" + count + ",\"total_tokens\":" + count + "}}");
        });
        var client = new DashScopeCompatibleEmbeddingClient(Transport(mock), Settings(o => o.Mode = DashScopeMode.Compatible));

        var result = await client.GenerateAsync(Enumerable.Range(0, 12).Select(i => $"t{i}"), new EmbeddingGenerationOptions { ModelId = "text-embedding-v3", Dimensions = 256 });

        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, b => Assert.Contains("\"dimensions\":256", b, StringComparison.Ordinal));
        Assert.All(bodies, b => Assert.Contains("\"encoding_format\":\"float\"", b, StringComparison.Ordinal));
        Assert.Equal(12, result.Count);
        Assert.Equal(12, result.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_CompatibleUnsupportedDimension_ThrowsBeforeNetwork()
    {
        using var mock = new MockHttpMessageHandler();
        var client = new DashScopeCompatibleEmbeddingClient(Transport(mock), Settings());

        await Assert.ThrowsAsync<ArgumentException>(() => client.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v4", Dimensions = 3000 }));
    }

    [Theory]
    [InlineData("text-embedding-v1")]
    [InlineData("text-embedding-v2")]
    public async Task GenerateAsync_CompatibleV1V2WithOtherDimension_ThrowsBeforeNetwork(string model)
    {
        using var mock = new MockHttpMessageHandler();
        var client = new DashScopeCompatibleEmbeddingClient(Transport(mock), Settings());

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = model, Dimensions = 1024 }));

        Assert.Contains("always returns 1536 dimensions", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    [Fact]
    public async Task GenerateAsync_CompatibleV2WithItsFixedDimensions_DoesNotSendDimensions()
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, Compatible + "embeddings").Respond(async req =>
        {
            body = await req.Content!.ReadAsStringAsync();
            return Json("""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1,2]}],"usage":{"prompt_tokens":1,"total_tokens":1}}""");
        });
        var client = new DashScopeCompatibleEmbeddingClient(Transport(mock), Settings());

        await client.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2", Dimensions = 1536 });

        Assert.DoesNotContain("dimension", body, StringComparison.Ordinal);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task WorkspaceId_SentAsHeaderOnEveryCallInBothModes()
    {
        using var mock = new MockHttpMessageHandler();
        var nativeStream = Sse("id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]},\"request_id\":\"r\"}\n\n");
        const string CompatChat = """{"id":"c","object":"chat.completion","model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}""";
        const string CompatEmbeddings = """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1,2]}],"usage":{"prompt_tokens":1,"total_tokens":1}}""";
        mock.Expect(HttpMethod.Post, GenerationUrl).WithHeaders("X-DashScope-WorkSpace", "ws-1").WithHeaders("X-DashScope-SSE", "enable")
            .Respond(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = nativeStream });
        mock.Expect(HttpMethod.Post, EmbeddingUrl).WithHeaders("X-DashScope-WorkSpace", "ws-1")
            .Respond(_ => Json("""{"output":{"embeddings":[{"embedding":[1,2],"text_index":0}]},"usage":{"total_tokens":1},"request_id":"r"}"""));
        mock.Expect(HttpMethod.Post, Compatible + "chat/completions").WithHeaders("X-DashScope-WorkSpace", "ws-1").Respond(_ => Json(CompatChat));
        mock.Expect(HttpMethod.Post, Compatible + "embeddings").WithHeaders("X-DashScope-WorkSpace", "ws-1").Respond(_ => Json(CompatEmbeddings));
        void Workspace(DashScopeOptions o) => o.WorkspaceId = "ws-1";
        var compatibleSettings = Settings(o => { Workspace(o); o.Mode = DashScopeMode.Compatible; });
        ChatMessage[] hi = [new(ChatRole.User, "hi")];

        await CollectAsync(Chat(mock, Workspace).GetStreamingResponseAsync(hi, new ChatOptions { ModelId = "qwen-plus" }));
        await Embeddings(mock, Workspace).GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2" });
        await CompatibleChat(mock, o => { Workspace(o); o.Mode = DashScopeMode.Compatible; }).GetResponseAsync(hi, new ChatOptions { ModelId = "qwen-plus" });
        await new DashScopeCompatibleEmbeddingClient(Transport(mock), compatibleSettings).GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "text-embedding-v2" });

        mock.VerifyNoOutstandingExpectation();
    }
}
