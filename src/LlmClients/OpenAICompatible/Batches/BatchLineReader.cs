using System.Buffers;
using System.IO.Pipelines;

namespace LlmClients.OpenAICompatible.Batches;

/// <summary>Reads a JSONL stream line by line without buffering the whole file: blank lines and a leading UTF-8 BOM are skipped, <c>\r\n</c> is accepted.</summary>
internal static class BatchLineReader
{
    /// <summary>Calls <paramref name="line"/> for every non-blank line.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="maxLineBytes">The longest line accepted; a longer one throws.</param>
    /// <param name="line">Handles one line (without its line break).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes at the end of the stream.</returns>
    /// <exception cref="InvalidDataException">A line is longer than <paramref name="maxLineBytes"/>.</exception>
    public static async Task ReadAsync(Stream stream, long maxLineBytes, Action<ReadOnlySpan<byte>> line, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var first = true;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, result.IsCompleted, out var taken))
                {
                    Handle(taken, ref first, line);
                }

                if (buffer.Length > maxLineBytes)
                {
                    throw new InvalidDataException($"A result line is longer than {maxLineBytes} bytes.");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> taken)
    {
        if (buffer.PositionOf((byte)'\n') is { } end)
        {
            taken = buffer.Slice(0, end);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            return true;
        }

        if (completed && !buffer.IsEmpty)
        {
            taken = buffer;
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        taken = default;
        return false;
    }

    private static void Handle(ReadOnlySequence<byte> sequence, ref bool first, Action<ReadOnlySpan<byte>> line)
    {
        ReadOnlySpan<byte> span = sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
        if (first)
        {
            first = false;
            if (span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
            }
        }

        span = span.TrimEnd((byte)'\r').Trim(" \t"u8);
        if (!span.IsEmpty)
        {
            line(span);
        }
    }
}
