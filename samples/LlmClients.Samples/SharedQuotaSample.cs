using System.Diagnostics;
using System.Reflection;
using LlmClients.OpenAI;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Samples;

/// <summary>
/// Two worker processes share one quota through Redis (package LlmClients.Redis): each has the same instance with
/// <c>Limits:RequestsPerMinute = 6</c> and <c>.UseRedis(...)</c>, and each tries 5 calls at once with the other. Together they
/// send 6 and hold 4 back (never waiting: <c>Limits:MaxQueueWait = 0</c>), where two unshared processes would send 10.
/// Redis comes from <c>LLMCLIENTS_REDIS</c> (a StackExchange.Redis configuration string), else a throwaway
/// <c>redis-server</c> the sample starts on a free loopback port; with neither, the sample says so and skips.
/// </summary>
internal sealed class SharedQuotaSample : ISample
{
    public const string WorkerCommand = "quota-worker";
    private const int RequestsPerMinute = 6;
    private const int CallsPerWorker = 5;

    public string Title => "Two worker processes sharing one quota through Redis";

    public bool AppliesTo(SampleContext context) => context.Vendor == "openai" && context.InstanceName == "openai";

    public async Task RunAsync(SampleContext context)
    {
        var options = context.Services.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get(context.InstanceName);
        RedisTestServer? server = null;
        var redis = Environment.GetEnvironmentVariable("LLMCLIENTS_REDIS");
        if (string.IsNullOrWhiteSpace(redis))
        {
            if (!RedisTestServer.IsInstalled())
            {
                Console.WriteLine($"Skipped: no Redis to share the quota. {RedisTestServer.InstallHint} Or set LLMCLIENTS_REDIS to a Redis configuration string.");
                return;
            }

            server = await RedisTestServer.StartAsync();
            redis = server.Configuration;
            Console.WriteLine($"Started redis-server (pid {server.ProcessId}) on {redis}.");
        }

        try
        {
            // A fresh key prefix per run, so a shared Redis holds no quota from an earlier run.
            var prefix = $"sample:{Guid.NewGuid():N}:";
            var workers = new[] { 1, 2 }.Select(id => RunWorkerProcessAsync(id, redis, options.BaseUrl!, prefix)).ToList();
            var reports = await Task.WhenAll(workers);
            foreach (var report in reports)
            {
                Console.WriteLine($"  {report.Line}");
            }

            Console.WriteLine($"2 worker processes, Limits:RequestsPerMinute = {RequestsPerMinute} shared through Redis: {reports.Sum(r => r.Sent)} of {2 * CallsPerWorker} calls sent, {reports.Sum(r => r.HeldBack)} held back.");
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>The worker: 5 calls through an instance whose quota lives in Redis; prints what was sent and held back.</summary>
    public static async Task<int> RunWorkerAsync(string[] args)
    {
        var (id, redis, baseUrl, prefix) = (args[0], args[1], new Uri(args[2]), args[3]);
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b
            .AddOpenAI("openai", o =>
            {
                o.BaseUrl = baseUrl;
                o.ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "emulator-not-a-real-key";
                o.DefaultModel = "gpt-4o-mini";
                o.Limits.RequestsPerMinute = RequestsPerMinute;
                o.Limits.MaxQueueWait = TimeSpan.Zero; // Hold back at once instead of waiting for the next minute.
            })
            .UseRedis(redis, r => r.KeyPrefix = prefix));
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        var results = await Task.WhenAll(Enumerable.Range(0, CallsPerWorker).Select(async i =>
        {
            try
            {
                await chat.GetResponseAsync($"worker {id}, call {i}");
                return true;
            }
            catch (LlmRequestException ex) when (ex.Kind == LlmErrorKind.RateLimited && ex.StatusCode is null)
            {
                return false; // Held back by the shared client-side quota, before any request.
            }
        }));
        Console.WriteLine($"worker {id}: sent={results.Count(r => r)} held-back={results.Count(r => !r)}");
        return 0;
    }

    private static async Task<(string Line, int Sent, int HeldBack)> RunWorkerProcessAsync(int id, string redis, Uri baseUrl, string prefix)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { WorkerCommand, id.ToString(System.Globalization.CultureInfo.InvariantCulture), redis, baseUrl.ToString(), prefix })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await output).Trim();
        if (process.ExitCode != 0 || !line.StartsWith($"worker {id}: sent=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"worker {id} failed (exit {process.ExitCode}): {line} {await errors}");
        }

        var parts = line.Split(' ', '=');
        return (line, int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[5], System.Globalization.CultureInfo.InvariantCulture));
    }
}
