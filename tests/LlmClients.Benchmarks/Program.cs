using BenchmarkDotNet.Running;
using LlmClients.Benchmarks;

// Commands (see README.md):
//   (none) | table [--quick] [--no-affinity]   the table: every scenario, floor / official SDK / LlmClients, ratios
//   bdn [BenchmarkDotNet args]                  the same cases under BenchmarkDotNet (wall time, allocations)
//   server                                      the canned server (a child process of the two above)
//   coldstart ours|sdk URL                      one cold-start sample (a child process of the table)
//   loop SCENARIO CLIENT SECONDS                one case in a loop, for a profiler to attach (dotnet-trace collect -p PID);
//                                               LLMCLIENTS_BENCH_ALLOCS=1 prints bytes per operation per type
return args.FirstOrDefault() switch
{
    "server" => await CannedServer.RunAsync(),
    "coldstart" => await ColdStart.ChildAsync(args[1], new Uri(args[2])),
    "bdn" => RunBenchmarkDotNet(args[1..]),
    "loop" => await LoopAsync(args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
    _ => await Table.RunAsync(args.SkipWhile(a => a == "table").ToArray()),
};

static int RunBenchmarkDotNet(string[] args)
{
    Environment.SetEnvironmentVariable(ServerProcess.PathVariable, typeof(ServerProcess).Assembly.Location);
    BenchmarkSwitcher.FromTypes([typeof(ScenarioBenchmarks)]).Run(args);
    return 0;
}

static async Task<int> LoopAsync(string scenario, string client, double seconds)
{
    // Pinned as the table pins: the client on CPU 0, the server on CPU 1.
    bool pin = Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux();
    if (pin && OperatingSystem.IsLinux())
    {
        System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
    }

    using var server = ServerProcess.Start(pin ? 1 : null);
    using var clients = new Clients(server.BaseUrl);
    var c = Cases.All(clients).Single(c => c.Scenario == scenario && c.Client == client);
    await c.VerifyAsync();
    Console.Error.WriteLine($"pid {Environment.ProcessId}: looping {c} for {seconds} s");
    using var allocs = AllocLog.Start();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
    long ops = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        await c.Run();
        ops++;
        if (allocs is not null)
        {
            GC.KeepAlive(AllocLog.Jitter());
        }
    }

    var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
    Console.Error.WriteLine($"{ops} ops, {clock.Elapsed.TotalMicroseconds / ops:F0} us wall, {cpu.TotalMicroseconds / ops:F0} us CPU per op, {bytes / (double)ops:F0} B per op (with LLMCLIENTS_BENCH_ALLOCS=1: padding and listener included)");
    allocs?.Print(ops);
    return 0;
}
