using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmClients.Benchmarks;

/// <summary>
/// A raw-socket HTTP/1.1 server that answers with canned bytes (keep-alive, Content-Length or chunked request bodies).
/// It runs in a child process (<c>server</c> command) so its CPU is not the client's.
/// </summary>
/// <remarks>
/// Routes: the first path segment names the vendor (<c>/openai/</c>, <c>/dashscope/</c>, <c>/zhipu/</c>, <c>/qianfan/</c>,
/// <c>/tei/</c>); the scenario is the model in the body (<c>"model":"stream-flush"</c>) or, for Qianfan v1, which has no
/// model in the body, the last path segment. Scenarios: <c>chat</c>, <c>stream</c> (one write), <c>stream-flush</c>
/// (one chunked write per event), <c>stream-hold</c> (the first two events, then the connection stays open until the client
/// closes it), <c>emb</c> (float vectors), <c>emb64</c> (base64 vectors), <c>emb-slow</c> (50 ms, then 10 small vectors).
/// </remarks>
public sealed class CannedServer
{
    private static readonly byte[] Token = """{"refresh_token":"25.bench","expires_in":2592000,"session_key":"bench","access_token":"24.bench-token","scope":"public","session_secret":"bench"}"""u8.ToArray();
    private static readonly byte[] TeiInfo = """{"model_id":"bench-tei","model_dtype":"float16","max_concurrent_requests":512,"max_input_length":512,"max_batch_tokens":16384,"max_client_batch_size":64,"tokenization_workers":1,"version":"1.5.0"}"""u8.ToArray();
    private static readonly Dictionary<string, byte[]> Whole = [];

    /// <summary>Runs the server until stdin closes; prints <c>port N</c> first.</summary>
    public static async Task<int> RunAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1024);
        Console.WriteLine("port " + ((IPEndPoint)listener.LocalEndPoint!).Port);
        Console.Out.Flush();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await listener.AcceptAsync();
                socket.NoDelay = true;
                _ = Task.Run(() => ServeAsync(socket));
            }
        });

        // The parent owns our lifetime: it closes our stdin (or dies) and we go.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[1 << 16];
        int filled = 0;
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    int n = await socket.ReceiveAsync(buffer.AsMemory(filled));
                    if (n == 0)
                    {
                        return;
                    }

                    filled += n;
                }

                var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
                var lines = head.Split("\r\n");
                var path = lines[0].Split(' ')[1];
                long contentLength = 0;
                bool chunked = false;
                foreach (var line in lines.Skip(1))
                {
                    if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = long.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                    {
                        chunked = true;
                    }
                }

                int bodyStart = headerEnd + 4;
                byte[] body;
                (body, filled) = chunked
                    ? await ReadChunkedAsync(socket, buffer, bodyStart, filled, b => buffer = b)
                    : await ReadLengthAsync(socket, buffer, bodyStart, filled, (int)contentLength, b => buffer = b);

                if (!await RespondAsync(socket, path, body))
                {
                    return;
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static async Task<(byte[] Body, int Filled)> ReadLengthAsync(Socket socket, byte[] buffer, int start, int filled, int length, Action<byte[]> grown)
    {
        while (filled - start < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, start + length));
                grown(buffer);
            }

            int n = await socket.ReceiveAsync(buffer.AsMemory(filled));
            if (n == 0)
            {
                throw new SocketException();
            }

            filled += n;
        }

        var body = buffer.AsSpan(start, length).ToArray();
        int rest = filled - start - length;
        Buffer.BlockCopy(buffer, start + length, buffer, 0, rest);
        return (body, rest);
    }

    private static async Task<(byte[] Body, int Filled)> ReadChunkedAsync(Socket socket, byte[] buffer, int start, int filled, Action<byte[]> grown)
    {
        // Read until the terminating zero chunk, then decode.
        while (buffer.AsSpan(start, filled - start).IndexOf("\r\n0\r\n\r\n"u8) < 0 && !buffer.AsSpan(start, filled - start).StartsWith("0\r\n\r\n"u8))
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                grown(buffer);
            }

            int n = await socket.ReceiveAsync(buffer.AsMemory(filled));
            if (n == 0)
            {
                throw new SocketException();
            }

            filled += n;
        }

        var body = new MemoryStream();
        int pos = start;
        while (true)
        {
            int lineEnd = buffer.AsSpan(pos, filled - pos).IndexOf("\r\n"u8) + pos;
            int size = int.Parse(Encoding.ASCII.GetString(buffer, pos, lineEnd - pos).Split(';')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            pos = lineEnd + 2;
            if (size == 0)
            {
                pos += 2;
                break;
            }

            body.Write(buffer, pos, size);
            pos += size + 2;
        }

        int rest = filled - pos;
        Buffer.BlockCopy(buffer, pos, buffer, 0, rest);
        return (body.ToArray(), rest);
    }

    private static async Task<bool> RespondAsync(Socket socket, string path, byte[] body)
    {
        long received = Stopwatch.GetTimestamp();
        var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.Contains("oauth/2.0/token", StringComparison.Ordinal))
        {
            await SendWholeAsync(socket, "token", "application/json", () => Token);
            return true;
        }

        var vendor = segments[0];
        if (vendor == "tei")
        {
            if (segments[^1] == "info")
            {
                await SendWholeAsync(socket, "tei-info", "application/json", () => TeiInfo);
            }
            else
            {
                await SendWholeAsync(socket, "tei-emb", "application/json", () => CannedResponses.Embeddings(WireFormat.Tei, CannedResponses.VendorEmbeddingBatch, base64: false));
            }

            return true;
        }

        var format = vendor switch
        {
            "openai" => WireFormat.OpenAI,
            "dashscope" => WireFormat.DashScope,
            "zhipu" => WireFormat.Zhipu,
            "qianfan" => WireFormat.Qianfan,
            _ => throw new InvalidOperationException("unknown vendor in " + path),
        };
        var mode = format == WireFormat.Qianfan ? segments[^1] : ModelOf(body);
        switch (mode)
        {
            case "chat":
                await SendWholeAsync(socket, "chat", "application/json", () => CannedResponses.Chat);
                return true;
            case "emb-slow":
                // The batcher row: every request takes 50 ms (a model's latency) from the moment it was read, answers 10
                // small vectors. Not Task.Delay: its timer wakes on millisecond ticks and then queues to the thread pool,
                // 1-2 ms late per request on this machine, which the row would charge to the client.
                await Deadlines.At(received + (long)(Batcher.Latency.TotalSeconds * Stopwatch.Frequency));
                await SendWholeAsync(socket, vendor + mode, "application/json", () => Batcher.Response);
                return true;
            case "emb" or "emb64":
                int count = format == WireFormat.OpenAI ? CannedResponses.EmbeddingBatch : CannedResponses.VendorEmbeddingBatch;
                await SendWholeAsync(socket, vendor + mode, "application/json", () => CannedResponses.Embeddings(format, count, mode == "emb64"));
                return true;
            case "stream":
                await SendWholeAsync(socket, vendor + mode, "text/event-stream", () => [.. CannedResponses.StreamEvents(format).SelectMany(e => e)]);
                return true;
            case "stream-flush":
                await SendChunkedAsync(socket, CannedResponses.StreamEvents(format), hold: false);
                return true;
            case "stream-hold":
                await SendChunkedAsync(socket, CannedResponses.StreamEvents(format).Take(2).ToList(), hold: true);
                return false;
            default:
                throw new InvalidOperationException($"unknown scenario '{mode}' in {path}");
        }
    }

    private static string ModelOf(byte[] body)
    {
        var span = body.AsSpan();
        int at = span.IndexOf("\"model\":\""u8);
        if (at < 0)
        {
            throw new InvalidOperationException("no model in " + Encoding.UTF8.GetString(body));
        }

        span = span[(at + 9)..];
        return Encoding.UTF8.GetString(span[..span.IndexOf((byte)'"')]);
    }

    private static async Task SendWholeAsync(Socket socket, string key, string contentType, Func<byte[]> build)
    {
        byte[] response;
        lock (Whole)
        {
            if (!Whole.TryGetValue(key, out response!))
            {
                var body = build();
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nx-request-id: req-bench\r\n\r\n");
                response = [.. head, .. body];
                Whole[key] = response;
            }
        }

        await socket.SendAsync(response);
    }

    private static async Task SendChunkedAsync(Socket socket, IReadOnlyList<byte[]> events, bool hold)
    {
        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nx-request-id: req-bench\r\n\r\n"u8.ToArray());
        foreach (var e in events)
        {
            await socket.SendAsync((byte[])[.. Encoding.ASCII.GetBytes(e.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"), .. e, .. "\r\n"u8]);
        }

        if (hold)
        {
            // Keep the stream open until the client goes away.
            var sink = new byte[256];
            while (await socket.ReceiveAsync(sink) > 0)
            {
            }

            return;
        }

        await socket.SendAsync("0\r\n\r\n"u8.ToArray());
    }
}
