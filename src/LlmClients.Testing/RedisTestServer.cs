using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmClients.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> for tests and samples of LlmClients.Redis: started bound to 127.0.0.1 on a free port,
/// with no persistence (<c>--save '' --appendonly no</c>, its files in a temporary folder), and stopped by its process id
/// when disposed. It needs the <c>redis-server</c> program on the PATH (Debian/Ubuntu: <c>apt-get install -y redis-server</c>;
/// the repository's <c>./test.sh</c> installs it when missing).
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    /// <summary>The message given when <c>redis-server</c> cannot be started.</summary>
    public const string InstallHint = "redis-server was not found on the PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or run ./test.sh, which installs what the tests need and then runs dotnet test LlmClients.sln.";

    private readonly Process _process;
    private readonly string _directory;

    private RedisTestServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    /// <summary>Gets the port the server listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the process id of the server.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Gets the StackExchange.Redis configuration string of the server, for example <c>127.0.0.1:40123</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Says whether <c>redis-server</c> is on the PATH.</summary>
    /// <returns>True when it is.</returns>
    public static bool IsInstalled()
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "redis-server")));

    /// <summary>Starts a server on a free port (or on <paramref name="port"/>) and waits until it answers <c>PING</c>.</summary>
    /// <param name="port">The port, or null for a free one.</param>
    /// <param name="cancellationToken">Cancels the wait; the default gives up after 10 seconds.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException"><c>redis-server</c> is not installed (the message says how to install it), or it did not answer.</exception>
    public static async Task<RedisTestServer> StartAsync(int? port = null, CancellationToken cancellationToken = default)
    {
        var chosen = port ?? FreePort();
        var directory = Directory.CreateTempSubdirectory("llmclients-redis-").FullName;
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", chosen.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", string.Empty, "--appendonly", "no", "--dir", directory })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException(InstallHint);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(InstallHint, ex);
        }

        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisTestServer(process, chosen, directory);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            while (!await server.PingAsync(guard.Token).ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {output}");
                }

                await Task.Delay(50, guard.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{chosen} within 10 seconds: {output}");
        }

        return server;
    }

    /// <summary>Stops the server by its process id (SIGKILL) and deletes its folder.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>
    /// Finds a TCP port on 127.0.0.1 that nothing listens on at the moment of the call (the system's pick for port 0), for a
    /// server about to start or for an address that must refuse connections. Another process may take it afterwards.
    /// </summary>
    /// <returns>The port number.</returns>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
