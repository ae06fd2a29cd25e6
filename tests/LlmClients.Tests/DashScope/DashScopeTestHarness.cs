using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.DashScope;
using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Resilience;
using RichardSzalay.MockHttp;

namespace LlmClients.Tests.DashScope;

/// <summary>Builds DashScope adapters over MockHttp, and reads fixtures.</summary>
internal static class DashScopeTestHarness
{
    public const string Native = "https://dashscope.aliyuncs.com/api/v1/";
    public const string Compatible = "https://dashscope.aliyuncs.com/compatible-mode/v1/";
    public const string GenerationUrl = Native + "services/aigc/text-generation/generation";
    public const string EmbeddingUrl = Native + "services/embeddings/text-embedding/text-embedding";

    public static DashScopeSettings Settings(Action<DashScopeOptions>? configure = null)
    {
        var options = new DashScopeOptions { ApiKey = "sk-test-secret-key" };
        configure?.Invoke(options);
        return DashScopeSettings.From(options, "dashscope");
    }

    public static LlmHttpTransport Transport(MockHttpMessageHandler mock)
        => new(new TestSupport.TestHttpClientFactory(mock), "dashscope", DashScopeErrorMapper.Instance, new LlmResilienceOptions());

    public static DashScopeChatClient Chat(MockHttpMessageHandler mock, Action<DashScopeOptions>? configure = null)
        => new(Transport(mock), Settings(configure));

    public static IChatClient CompatibleChat(MockHttpMessageHandler mock, Action<DashScopeOptions>? configure = null)
    {
        var settings = Settings(configure);
        return new DashScopeCompatibleChatClient(new OpenAIChatClient(Transport(mock), settings.ToCompatible()), settings);
    }

    public static DashScopeEmbeddingClient Embeddings(MockHttpMessageHandler mock, Action<DashScopeOptions>? configure = null)
        => new(Transport(mock), Settings(configure));

    public static string Fixture(string name) => TestSupport.Fixture.Read(Path.Combine("DashScope", name));

    public static HttpContent Sse(string body, bool gzip = false)
    {
        if (!gzip)
        {
            return new StringContent(body, Encoding.UTF8, "text/event-stream");
        }

        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(Encoding.UTF8.GetBytes(body));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new("text/event-stream") { CharSet = "UTF-8" };
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK, string? requestIdHeader = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestIdHeader is not null)
        {
            response.Headers.Add("X-Request-ID", requestIdHeader);
        }

        return response;
    }

    /// <summary>Asserts two JSON texts are equal after normalization (property order ignored).</summary>
    public static void AssertJsonEqual(string expected, string actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected:\n{Normalize(expected)}\nActual:\n{Normalize(actual)}");

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    private static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
