using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LlmClients.Benchmarks;

/// <summary>
/// The <c>table</c> command: starts the canned server in a child process (pinned to CPU 1), pins itself to CPU 0, runs
/// every case, the open-stream memory and the cold starts, and prints the issue's table with ratios to the floor.
/// </summary>
public static class Table
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs everything and prints the table; returns 0 (a wrong parse throws).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool affinity = !args.Contains("--no-affinity") && Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux();
        var filter = args.SkipWhile(a => a != "--filter").Skip(1).FirstOrDefault();
        int? clientCpu = affinity ? 0 : null;
        int? serverCpu = affinity ? 1 : null;
        if (affinity && OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        var clock = Stopwatch.StartNew();
        using var server = ServerProcess.Start(serverCpu);
        using var clients = new Clients(server.BaseUrl);
        var cases = Cases.All(clients).Where(c => filter is null || c.Scenario.StartsWith(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        Console.Error.WriteLine($"{cases.Count} cases, server {server.BaseUrl}, affinity {(affinity ? "client CPU 0, server CPU 1" : "off")}");
        var results = await Measure.RunAsync(cases, quick ? 3 : 7, TimeSpan.FromMilliseconds(quick ? 200 : 400), Console.Error.WriteLine);
        var open = filter is null || filter == "open" ? await OpenStreams.RunAsync(clients) : [];
        TimeSpan? batcher = filter is null || filter == "batcher" ? await Batcher.RunAsync(clients, quick ? 1 : 2) : null;
        var cold = filter is null || filter == "cold" ? ColdStart.Run(server.BaseUrl, quick ? 5 : 9, clientCpu) : null;

        Console.WriteLine(Render(results, open, batcher, cold));
        Console.WriteLine($"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, {(quick ? "quick" : "full")} run in {clock.Elapsed.TotalSeconds:F0} s; " +
            "CPU = client process CPU time per operation, least of the rounds; bytes = managed allocations per operation, all threads)");
        return 0;
    }

    private static string Render(List<Result> results, List<(string Scenario, string Client, double Bytes)> open, TimeSpan? batcher, Dictionary<string, (double Process, double Main)>? cold)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| scenario | floor | official SDK | LlmClients | target | met |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Case.Scenario))
        {
            var floor = group.Single(r => r.Case.Client == "floor");
            var sdk = group.SingleOrDefault(r => r.Case.Client == "sdk");
            var ours = group.Single(r => r.Case.Client == "ours");
            bool perChunk = group.Key.StartsWith('B');
            string Bytes(Result r) => perChunk ? $"{r.Bytes / r.Case.Units:F0} B/chunk" : Size(r.Bytes);
            string Cell(Result? r) => r is null ? "-" : $"{r.CpuMicroseconds / floor.CpuMicroseconds:F2}x CPU, {Bytes(r)}";
            var (cpuTarget, bytesTarget) = Target(group.Key);
            double bytesValue = perChunk ? ours.Bytes / ours.Case.Units : ours.Bytes;
            bool met = ours.CpuMicroseconds / floor.CpuMicroseconds <= cpuTarget && bytesValue <= bytesTarget;
            sb.AppendLine(Inv, $"| {group.Key} | {Time(floor.CpuMicroseconds)}, {Bytes(floor)} | {Cell(sdk)} | {Cell(ours)} | <= {cpuTarget:F2}x CPU, <= {(perChunk ? $"{bytesTarget:F0} B/chunk" : Size(bytesTarget))} | {(met ? "yes" : "**no**")} |");
        }

        foreach (var group in open.GroupBy(o => o.Scenario))
        {
            string Cell(string client) => group.Where(g => g.Client == client).Select(g => Size(g.Bytes)).FirstOrDefault() ?? "-";
            var ours = group.Single(g => g.Client == "ours").Bytes;
            sb.AppendLine(Inv, $"| memory per {group.Key} stream ({OpenStreams.Count} open) | {Cell("floor")} | {Cell("sdk")} | {Cell("ours")} | <= 24 KB | {(ours <= 24 * 1024 ? "yes" : "**no**")} |");
        }

        if (batcher is { } b)
        {
            var ratio = b / Batcher.Ideal;
            sb.AppendLine(Inv, $"| embedding batcher: {Batcher.Texts:N0} texts, cap {Batcher.Cap}, parallelism {Batcher.Parallelism}, {Batcher.Latency.TotalMilliseconds:F0} ms per request (wall) | ideal {Batcher.Ideal.TotalSeconds:F2} s | - | {b.TotalSeconds:F2} s ({ratio:F3}x) | <= 1.06x | {(ratio <= 1.06 ? "yes" : "**no**")} |");
        }

        if (cold is not null)
        {
            var (sdkProcess, sdkMain) = cold["sdk"];
            var (oursProcess, oursMain) = cold["ours"];
            sb.AppendLine(Inv, $"| cold start to first answer (DI; process start to exit / Main to answer) | - | {sdkProcess:F0} ms / {sdkMain:F0} ms | {oursProcess:F0} ms / {oursMain:F0} ms ({oursProcess / sdkProcess:F2}x) | <= the official SDK | {(oursProcess <= sdkProcess ? "yes" : "**no**")} |");
        }

        return sb.ToString();
    }

    private static (double Cpu, double Bytes) Target(string scenario) => scenario.Split(' ')[0] switch
    {
        "A" => (1.25, 6.5 * 1024),
        "B" or "B1" => (1.6, 400),
        "C" => (1.05, 480 * 1024),
        "C64" => (1.3, 480 * 1024),
        "C10" => (1.05, 480 * 1024 * 10 / 64),
        _ => (double.PositiveInfinity, double.PositiveInfinity),
    };

    private static string Time(double microseconds) => microseconds >= 1000 ? (microseconds / 1000).ToString("F2", Inv) + " ms" : microseconds.ToString("F0", Inv) + " us";

    private static string Size(double bytes) => bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).ToString("F2", Inv) + " MB" : (bytes / 1024).ToString("F1", Inv) + " KB";
}
