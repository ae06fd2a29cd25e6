using BenchmarkDotNet.Running;
using LlmClients.Benchmarks;

// Commands (see README.md):
//   (none) | table [--quick] [--no-affinity]   the table: every scenario, floor / official SDK / LlmClients, ratios
//   bdn [BenchmarkDotNet args]                  the same cases under BenchmarkDotNet (wall time, allocations)
//   server                                      the canned server (a child process of the two above)
//   coldstart ours|sdk URL                      one cold-start sample (a child process of the table)
return args.FirstOrDefault() switch
{
    "server" => await CannedServer.RunAsync(),
    "coldstart" => await ColdStart.ChildAsync(args[1], new Uri(args[2])),
    "bdn" => RunBenchmarkDotNet(args[1..]),
    _ => await Table.RunAsync(args.SkipWhile(a => a == "table").ToArray()),
};

static int RunBenchmarkDotNet(string[] args)
{
    Environment.SetEnvironmentVariable(ServerProcess.PathVariable, typeof(ServerProcess).Assembly.Location);
    BenchmarkSwitcher.FromTypes([typeof(ScenarioBenchmarks)]).Run(args);
    return 0;
}
