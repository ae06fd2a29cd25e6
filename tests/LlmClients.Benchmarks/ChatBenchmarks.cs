using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace LlmClients.Benchmarks;

/// <summary>Non-streaming chat: send one user message, parse the verbatim HelloWorldChat response.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ChatBenchmarks
{
    private static readonly byte[] RawBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}"""u8.ToArray();
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "Say hello")];
    private static readonly SdkChatMessage[] SdkMessages = [new UserChatMessage("Say hello")];
    private BenchmarkClients _clients = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clients = new BenchmarkClients();
        BenchmarkClients.Check(RawHttpClient().GetAwaiter().GetResult(), CannedResponses.ChatText, "raw");
        BenchmarkClients.Check(LlmClientsAdapter().GetAwaiter().GetResult(), CannedResponses.ChatText, "LlmClients");
        BenchmarkClients.Check(OpenAISdk().GetAwaiter().GetResult(), CannedResponses.ChatText, "OpenAI SDK");
    }

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<string> RawHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new ByteArrayContent(RawBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchmarkClients.ApiKey);
        using var response = await _clients.Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        return doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    [Benchmark]
    public async Task<string> LlmClientsAdapter()
    {
        var response = await _clients.Chat.GetResponseAsync(Messages);
        return response.Text;
    }

    [Benchmark]
    public async Task<string> OpenAISdk()
    {
        ChatCompletion completion = await _clients.SdkChat.CompleteChatAsync(SdkMessages);
        return completion.Content[0].Text;
    }
}
