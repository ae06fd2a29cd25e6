using BenchmarkDotNet.Attributes;

namespace LlmClients.Benchmarks;

/// <summary>Every case of the table under BenchmarkDotNet (wall time and allocations; the <c>table</c> command measures client CPU).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ScenarioBenchmarks
{
    private ServerProcess? _server;
    private Clients? _clients;
    private BenchCase _case = null!;

    /// <summary>The case, as "scenario / client".</summary>
    [ParamsSource(nameof(Names))]
    public string Case { get; set; } = "";

    /// <summary>Every case name (built against a throwaway client: only the names are used).</summary>
    public static IEnumerable<string> Names()
    {
        using var clients = new Clients(new Uri("http://127.0.0.1:1/"));
        return [.. Cases.All(clients).Select(c => c.ToString())];
    }

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerProcess.Start(cpu: null);
        _clients = new Clients(_server.BaseUrl);
        _case = Cases.All(_clients).Single(c => c.ToString() == Case);
        _case.VerifyAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clients?.Dispose();
        _server?.Dispose();
    }

    [Benchmark]
    public Task<long> Run() => _case.Run();
}
