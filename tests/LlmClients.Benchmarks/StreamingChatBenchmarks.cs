using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace LlmClients.Benchmarks;

/// <summary>Streaming chat: consume all 51 events (role, 48 text deltas, finish, include_usage tail) and [DONE].</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StreamingChatBenchmarks
{
    private static readonly byte[] RawBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"stream":true,"stream_options":{"include_usage":true}}"""u8.ToArray();
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "Say hello")];
    private static readonly SdkChatMessage[] SdkMessages = [new UserChatMessage("Say hello")];
    private BenchmarkClients _clients = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clients = new BenchmarkClients();
        BenchmarkClients.Check(RawHttpClient().GetAwaiter().GetResult(), CannedResponses.StreamTextLength, "raw");
        BenchmarkClients.Check(LlmClientsAdapter().GetAwaiter().GetResult(), CannedResponses.StreamTextLength, "LlmClients");
        BenchmarkClients.Check(OpenAISdk().GetAwaiter().GetResult(), CannedResponses.StreamTextLength, "OpenAI SDK");
    }

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    /// <summary>The floor: the in-box SseParser, one JsonDocument per event, the delta text as a string.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new ByteArrayContent(RawBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchmarkClients.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _clients.Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        int chars = 0;
        await foreach (var item in SseParser.Create(stream, ParseChunk).EnumerateAsync())
        {
            chars += item.Data?.Length ?? 0;
        }

        return chars;
    }

    [Benchmark]
    public async Task<int> LlmClientsAdapter()
    {
        int chars = 0;
        await foreach (var update in _clients.Chat.GetStreamingResponseAsync(Messages))
        {
            chars += update.Text.Length;
        }

        return chars;
    }

    [Benchmark]
    public async Task<int> OpenAISdk()
    {
        int chars = 0;
        await foreach (var update in _clients.SdkChat.CompleteChatStreamingAsync(SdkMessages))
        {
            foreach (var part in update.ContentUpdate)
            {
                chars += part.Text.Length;
            }
        }

        return chars;
    }

    private static string? ParseChunk(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return null;
        }

        var reader = new Utf8JsonReader(data);
        using var doc = JsonDocument.ParseValue(ref reader);
        var choices = doc.RootElement.GetProperty("choices");
        return choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : null;
    }
}
