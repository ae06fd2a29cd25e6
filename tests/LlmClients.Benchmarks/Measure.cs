using System.Diagnostics;

namespace LlmClients.Benchmarks;

/// <summary>One case's figures: client CPU (the least of the rounds: noise on a shared machine only adds) and managed bytes allocated per operation (median of the rounds).</summary>
public sealed record Result(BenchCase Case, double CpuMicroseconds, double Bytes, double WallMicroseconds);

/// <summary>
/// Measures client CPU (the whole process's user + kernel time: every thread, the GC and the socket completions) and
/// allocations (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, all threads) per operation, the cases of one scenario
/// interleaved round by round so drift on a shared machine hits them alike.
/// </summary>
public static class Measure
{
    /// <summary>Measures <paramref name="cases"/>: warm-up, then <paramref name="rounds"/> rounds of about <paramref name="roundTime"/> each per case.</summary>
    public static async Task<List<Result>> RunAsync(IReadOnlyList<BenchCase> cases, int rounds, TimeSpan roundTime, Action<string>? log = null)
    {
        foreach (var c in cases)
        {
            await c.VerifyAsync();
            await LoopAsync(c, TimeSpan.FromMilliseconds(150), 3);
        }

        var samples = cases.ToDictionary(c => c, _ => new List<(double Cpu, double Bytes, double Wall)>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (var c in cases)
            {
                samples[c].Add(await LoopAsync(c, roundTime, 2));
            }

            log?.Invoke($"round {round + 1}/{rounds}");
        }

        foreach (var c in cases)
        {
            // A last check after the timed runs: the result must still be right.
            await c.VerifyAsync();
        }

        return [.. cases.Select(c => new Result(c, samples[c].Min(s => s.Cpu), Median(samples[c].Select(s => s.Bytes)), Median(samples[c].Select(s => s.Wall))))];
    }

    private static async Task<(double Cpu, double Bytes, double Wall)> LoopAsync(BenchCase c, TimeSpan time, int minOps)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        int ops = 0;
        while (ops < minOps || wall.Elapsed < time)
        {
            await c.Run();
            ops++;
        }

        wall.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        return (cpu.TotalMicroseconds / ops, (double)bytes / ops, wall.Elapsed.TotalMicroseconds / ops);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
