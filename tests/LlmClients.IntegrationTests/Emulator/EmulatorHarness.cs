using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LlmClients.Testing;

namespace LlmClients.IntegrationTests.Emulator;

/// <summary>Starts emulators in either mode and talks to them with a plain HttpClient.</summary>
internal static class EmulatorHarness
{
    public const string Key = "test-key";

    public static async Task<LlmEmulator> StartAsync(bool inProcess, LlmEmulatorOptions? options = null) =>
        inProcess ? await LlmEmulator.CreateInProcessAsync(options) : await LlmEmulator.StartAsync(options);

    public static HttpRequestMessage Post(string path, string json, string? key = Key, string? fault = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (fault is not null)
        {
            request.Headers.Add(LlmEmulator.FaultHeader, fault);
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

    public static string ChatBody(string text, bool stream = false, string model = "gpt-4o-mini", string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":{{JsonSerializer.Serialize(text)}}}],"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    /// <summary>Reads a whole SSE body and returns the payload of each <c>data: </c> frame, checking the framing.</summary>
    public static async Task<List<string>> ReadFramesAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n\n", body);
        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, f => Assert.StartsWith("data: ", f));
        return [.. frames.Select(f => f["data: ".Length..])];
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
