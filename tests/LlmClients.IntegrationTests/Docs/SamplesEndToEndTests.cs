using System.Diagnostics;

namespace LlmClients.IntegrationTests.Docs;

/// <summary>
/// The README's first command (<c>dotnet run --project samples/LlmClients.Samples</c>) with no keys set: every sample runs
/// against the built-in emulator, says so, and the program exits 0 (it exits 1 when any sample reports an error).
/// </summary>
public sealed class SamplesEndToEndTests
{
    // Every variable the samples read to pick the real services; removed so the run is offline whatever the machine has.
    private static readonly string[] KeyVariables =
    [
        "OPENAI_API_KEY", "OPENAI_BASE_URL", "DASHSCOPE_API_KEY", "ZHIPUAI_API_KEY", "QIANFAN_AK", "QIANFAN_SK", "QIANFAN_API_KEY",
        "QIANFAN_ACCESS_KEY", "QIANFAN_SECRET_KEY", "HF_TEI_URL", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "SPARK_API_PASSWORD",
        "SPARK_APP_ID", "SPARK_API_KEY", "SPARK_API_SECRET", "SPARK_BASE_URL",
    ];

    [Fact]
    public async Task Samples_WithNoKeys_RunEverySampleOnTheEmulatorAndExitZero()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0/
        var dll = Path.Combine(RepoRoot(), "samples", "LlmClients.Samples", "bin", configuration, "net10.0", "LlmClients.Samples.dll");
        Assert.True(File.Exists(dll), $"build the samples first: {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var name in KeyVariables)
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // A hung sample fails the test instead of hanging it.
        var stdout = process.StandardOutput.ReadToEndAsync(guard.Token);
        var stderr = process.StandardError.ReadToEndAsync(guard.Token);
        await process.WaitForExitAsync(guard.Token);
        var output = await stdout;

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{await stderr}");
        Assert.StartsWith("No API keys set: running every sample against the built-in LlmClients emulator", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\n!! ", output, StringComparison.Ordinal);
        // Two worker processes against one Redis-held quota of 6 requests per minute: 6 sent in all, not 5 + 5.
        Assert.Contains("2 worker processes, Limits:RequestsPerMinute = 6 shared through Redis: 6 of 10 calls sent, 4 held back.", output, StringComparison.Ordinal);
        foreach (var vendor in new[] { "openai", "dashscope", "zhipu", "qianfan", "spark", "huggingface" })
        {
            Assert.Contains($"=== [{vendor}", output, StringComparison.Ordinal);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlmClients.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LlmClients.sln not found above " + AppContext.BaseDirectory);
    }
}
