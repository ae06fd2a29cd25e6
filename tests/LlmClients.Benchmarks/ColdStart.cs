using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatClient = OpenAI.Chat.ChatClient;

namespace LlmClients.Benchmarks;

/// <summary>
/// Cold start to the first answer through DI: a fresh process per sample (this program's <c>coldstart ours|sdk URL</c>
/// command), timed by the parent from process start to exit; the child also reports the time from Main to the answer.
/// </summary>
public static class ColdStart
{
    /// <summary>
    /// The child: one chat call, built the way an app builds it, then exit. Each client's code is in its own method so
    /// a child loads only its own client's assemblies, as an app using one of them would.
    /// </summary>
    public static async Task<int> ChildAsync(string client, Uri server)
    {
        using var jit = JitLog.Start();
        var clock = Stopwatch.StartNew();
        int length = client == "ours" ? await OursAsync(server, clock) : await SdkAsync(server, clock);
        if (length != CannedResponses.ChatText.Length)
        {
            Console.Error.WriteLine("wrong answer length " + length);
            return 1;
        }

        jit?.Print();
        Console.WriteLine("ok " + clock.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> OursAsync(Uri server, Stopwatch clock)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddOpenAI("openai", o =>
        {
            o.ApiKey = Clients.ApiKey;
            o.BaseUrl = new Uri(server, "openai/v1/");
            o.DefaultModel = "chat";
        }));
        Phase(clock, "registered");
        await using var provider = services.BuildServiceProvider();
        Phase(clock, "built");
        var chat = provider.GetRequiredService<IChatClient>();
        Phase(clock, "resolved");
        var length = (await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Say hello")])).Text.Length;
        Phase(clock, "answered");
        return length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> SdkAsync(Uri server, Stopwatch clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(_ => new SdkChatClient("chat", new ApiKeyCredential(Clients.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server, "openai/v1/") }));
        Phase(clock, "registered");
        await using var provider = services.BuildServiceProvider();
        Phase(clock, "built");
        var chat = provider.GetRequiredService<SdkChatClient>();
        Phase(clock, "resolved");
        var length = (await chat.CompleteChatAsync([new UserChatMessage("Say hello")])).Value.Content[0].Text.Length;
        Phase(clock, "answered");
        return length;
    }

    // Where the time goes, on stderr (the parent reads only stdout): run the child by hand to see it.
    private static void Phase(Stopwatch clock, string name) => Console.Error.WriteLine($"{clock.Elapsed.TotalMilliseconds,8:F1} ms {name}: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods jitted in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms, {AppDomain.CurrentDomain.GetAssemblies().Length} assemblies");

    /// <summary>Median milliseconds (process start to exit, and Main to answer) over <paramref name="samples"/> fresh processes per client, interleaved.</summary>
    public static Dictionary<string, (double Process, double Main)> Run(Uri server, int samples, int? cpu)
    {
        var results = new Dictionary<string, List<(double, double)>> { ["sdk"] = [], ["ours"] = [] };
        for (int i = -1; i < samples; i++)
        {
            foreach (var client in results.Keys)
            {
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(ServerProcess.Command("coldstart", client, server.ToString()))!;
                if (cpu is { } n && OperatingSystem.IsLinux())
                {
                    process.ProcessorAffinity = (nint)(1L << n);
                }

                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                clock.Stop();
                if (process.ExitCode != 0 || !output.StartsWith("ok ", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"cold start '{client}' failed: {output} {process.StandardError.ReadToEnd()}");
                }

                if (i >= 0)
                {
                    results[client].Add((clock.Elapsed.TotalMilliseconds, double.Parse(output[3..], System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        return results.ToDictionary(r => r.Key, r => (Median(r.Value.Select(v => v.Item1)), Median(r.Value.Select(v => v.Item2))));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
