using System.Diagnostics;

namespace LlmClients.Benchmarks;

/// <summary>The canned server in a child process (this program's <c>server</c> command), pinned away from the client's CPU.</summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>The environment variable that carries this program's path to BenchmarkDotNet's child processes.</summary>
    public const string PathVariable = "LLMCLIENTS_BENCH_DLL";

    private readonly Process _process;

    private ServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's base URL (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts the server; <paramref name="cpu"/> pins it to one CPU (null: anywhere).</summary>
    public static ServerProcess Start(int? cpu)
    {
        var process = Process.Start(Command("server"))!;
        if (cpu is { } n && OperatingSystem.IsLinux())
        {
            process.ProcessorAffinity = (nint)(1L << n);
        }

        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the server child exited: " + process.StandardError.ReadToEnd());
        return new ServerProcess(process, new Uri($"http://127.0.0.1:{line["port ".Length..]}/"));
    }

    /// <summary>A start info that runs this program with <paramref name="args"/> (redirected stdio, no shell).</summary>
    public static ProcessStartInfo Command(params string[] args)
    {
        var dll = Environment.GetEnvironmentVariable(PathVariable) ?? typeof(ServerProcess).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
