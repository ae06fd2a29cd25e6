using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmClients.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Tests.Contract;

/// <summary>
/// Builds every vendor flavour the way users do (AddLlmProviders from configuration) over a handler that records each
/// request body and answers with canned vendor JSON. One place for the M.E.AI contract tests of all flavours.
/// </summary>
internal sealed class ContractHarness : IDisposable
{
    private readonly ServiceProvider _services;

    private ContractHarness(ServiceProvider services, Recorder handler)
    {
        _services = services;
        Handler = handler;
    }

    /// <summary>The flavours: name -> configuration of the instance.</summary>
    public static readonly IReadOnlyDictionary<string, Dictionary<string, string?>> Flavours = new Dictionary<string, Dictionary<string, string?>>
    {
        ["openai"] = new() { ["Provider"] = "OpenAI", ["ApiKey"] = "sk-test", ["BaseUrl"] = "http://fake.test/v1/", ["DefaultModel"] = "gpt-4o-mini" },
        ["deepseek"] = new() { ["Provider"] = "OpenAI", ["ApiKey"] = "sk-test", ["BaseUrl"] = "https://api.deepseek.com/v1/", ["DefaultModel"] = "deepseek-chat" },
        ["dashscope"] = new() { ["Provider"] = "DashScope", ["ApiKey"] = "sk-test", ["BaseUrl"] = "http://fake.test/api/v1/", ["DefaultModel"] = "qwen-plus" },
        ["dashscope-compatible"] = new() { ["Provider"] = "DashScope", ["Mode"] = "Compatible", ["ApiKey"] = "sk-test", ["CompatibleBaseUrl"] = "http://fake.test/compatible-mode/v1/", ["BaseUrl"] = "http://fake.test/api/v1/", ["DefaultModel"] = "qwen-plus" },
        ["zhipu"] = new() { ["Provider"] = "Zhipu", ["ApiKey"] = "id.secret", ["BaseUrl"] = "http://fake.test/api/paas/v4/", ["DefaultModel"] = "glm-4-plus" },
        ["qianfan"] = new() { ["Provider"] = "Qianfan", ["ApiKey"] = "ak", ["SecretKey"] = "sk", ["OAuthBaseUrl"] = "http://fake.test/", ["BaseUrl"] = "http://fake.test/rpc/2.0/ai_custom/v1/wenxinworkshop/", ["DefaultModel"] = "ernie-lite-8k" },
        ["qianfan-v2"] = new() { ["Provider"] = "Qianfan", ["V2ApiKey"] = "bce-v3/test", ["V2BaseUrl"] = "http://fake.test/v2/", ["DefaultModel"] = "ernie-4.0-8k" },
    };

    /// <summary>Gets the recorded requests and the queued replies of the stub server.</summary>
    public Recorder Handler { get; }

    /// <summary>Gets the service provider.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Creates a harness with one instance of the flavour.</summary>
    public static ContractHarness Create(string flavour, Action<LlmProvidersBuilder>? configure = null, Dictionary<string, string?>? extraConfig = null)
    {
        var config = new Dictionary<string, string?>();
        foreach (var (key, value) in Flavours[flavour])
        {
            config[$"LlmProviders:{flavour}:{key}"] = value;
        }

        foreach (var (key, value) in extraConfig ?? [])
        {
            config[$"LlmProviders:{flavour}:{key}"] = value;
        }

        var handler = new Recorder();
        var stub = new StubHttpHandler(null, (_, request, cancellationToken) => handler.AnswerAsync(request, cancellationToken));
        var services = new ServiceCollection();
        services.AddLlmProviders(new ConfigurationBuilder().AddInMemoryCollection(config).Build().GetSection("LlmProviders"), configure);
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(flavour)).ConfigurePrimaryHttpMessageHandler(() => stub);
        services.AddHttpClient(LlmProvidersBuilder.GetHttpClientName(flavour) + ".OAuth").ConfigurePrimaryHttpMessageHandler(() => stub);
        return new ContractHarness(services.BuildServiceProvider(), handler);
    }

    /// <summary>The keyed chat client of the flavour.</summary>
    public IChatClient Chat(string flavour) => _services.GetRequiredKeyedService<IChatClient>(flavour);

    public void Dispose() => _services.Dispose();

    /// <summary>A reply in the flavour's non-streaming wire format.</summary>
    public static string Reply(string flavour, string text, string? reasoning = null, string? toolName = null, string? toolArgs = null)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (reasoning is not null)
        {
            message["reasoning_content"] = reasoning;
        }

        if (toolName is not null)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = toolName, ["arguments"] = toolArgs ?? "{}" },
            });
        }

        var choice = new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = toolName is null ? "stop" : "tool_calls" };
        return flavour switch
        {
            "dashscope" => new JsonObject
            {
                ["output"] = new JsonObject { ["choices"] = new JsonArray(choice) },
                ["usage"] = new JsonObject { ["input_tokens"] = 3, ["output_tokens"] = 2, ["total_tokens"] = 5 },
                ["request_id"] = "req-ds",
            }.ToJsonString(),
            "qianfan" => toolName is null
                ? new JsonObject { ["id"] = "as-1", ["result"] = text, ["is_truncated"] = false, ["need_clear_history"] = false, ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 2, ["total_tokens"] = 5 } }.ToJsonString()
                : new JsonObject { ["id"] = "as-1", ["result"] = string.Empty, ["function_call"] = new JsonObject { ["name"] = toolName, ["arguments"] = toolArgs ?? "{}" }, ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 2, ["total_tokens"] = 5 } }.ToJsonString(),
            _ => new JsonObject
            {
                ["id"] = "chatcmpl-1",
                ["object"] = "chat.completion",
                ["created"] = 1770950813,
                ["model"] = "m",
                ["choices"] = new JsonArray(choice),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 2, ["total_tokens"] = 5 },
            }.ToJsonString(),
        };
    }

    /// <summary>The script of the stub server: records requests, answers token exchanges itself and everything else from <see cref="Responses"/>.</summary>
    internal sealed class Recorder
    {
        /// <summary>Gets the recorded (path, body) pairs, token exchanges excluded.</summary>
        public List<(string Path, string Body)> Requests { get; } = [];

        /// <summary>Gets the recorded request bodies as the bytes that went on the wire, token exchanges excluded.</summary>
        public List<byte[]> RawBodies { get; } = [];

        private string? _last;

        /// <summary>Gets the queued reply bodies; when the queue is empty, the last one repeats.</summary>
        public Queue<string> Responses { get; } = new();

        public string? LastBody => Requests.Count == 0 ? null : Requests[^1].Body;

        public JsonNode LastJson => JsonNode.Parse(LastBody!)!;

        public async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.Contains("oauth/2.0/token", StringComparison.Ordinal))
            {
                return Json("""{"access_token":"24.test","expires_in":2592000}""");
            }

            var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            RawBodies.Add(bytes);
            Requests.Add((request.RequestUri.AbsolutePath, Encoding.UTF8.GetString(bytes)));
            var reply = _last = Responses.Count > 0 ? Responses.Dequeue() : _last ?? throw new InvalidOperationException("no reply queued");
            return Json(reply);
        }

        private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "x-request-id", "req-header" } },
        };
    }
}
