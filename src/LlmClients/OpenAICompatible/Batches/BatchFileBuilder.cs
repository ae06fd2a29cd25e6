using System.Globalization;
using System.Text;

namespace LlmClients.OpenAICompatible.Batches;

/// <summary>
/// Writes batch input files: one JSONL line <c>{"custom_id","method":"POST","url","body"}</c> per request, split into
/// files within the per-file line and byte limits. A line's <c>custom_id</c> is its position in its file, so results map
/// back to inputs by <c>first index of the file + custom_id</c>.
/// </summary>
internal static class BatchFileBuilder
{
    /// <summary>Splits the bodies into files.</summary>
    /// <param name="bodies">The request bodies, in input order (compact JSON, no raw newline).</param>
    /// <param name="url">The relative endpoint every line calls, for example <c>/v1/embeddings</c>.</param>
    /// <param name="maxLines">The most lines per file.</param>
    /// <param name="maxBytes">The largest file in bytes.</param>
    /// <param name="maxLineBytes">The longest line in bytes, or null.</param>
    /// <param name="parameterName">The caller's parameter holding the inputs (<c>values</c> or <c>conversations</c>), named in errors.</param>
    /// <returns>The files, each with the index of its first input and its line count.</returns>
    /// <exception cref="ArgumentException">One request alone is longer than a line or a file may be.</exception>
    public static List<(int FirstIndex, int Count, byte[] Content)> Split(IEnumerable<byte[]> bodies, string url, int maxLines, long maxBytes, long? maxLineBytes, string parameterName)
    {
        var files = new List<(int, int, byte[])>();
        var current = new MemoryStream();
        int first = 0, count = 0, index = 0;
        var prefix = Encoding.UTF8.GetBytes("\",\"method\":\"POST\",\"url\":" + System.Text.Json.JsonSerializer.Serialize(url, OpenAIJsonContext.Default.String) + ",\"body\":");
        foreach (var body in bodies)
        {
            var id = Encoding.UTF8.GetBytes(count.ToString(CultureInfo.InvariantCulture));
            long length = "{\"custom_id\":\""u8.Length + id.Length + prefix.Length + body.Length + 2;
            if (length > maxBytes || length > (maxLineBytes ?? long.MaxValue))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The request at index {index} is {length} bytes as a batch line, over the limit of {Math.Min(maxBytes, maxLineBytes ?? long.MaxValue)} bytes per line/file. Shorten that input, or send it with the synchronous client."),
                    parameterName);
            }

            if (count > 0 && (count == maxLines || current.Length + length > maxBytes))
            {
                files.Add((first, count, current.ToArray()));
                current = new MemoryStream();
                first = index;
                count = 0;
                id = "0"u8.ToArray();
                length = "{\"custom_id\":\""u8.Length + id.Length + prefix.Length + body.Length + 2;
            }

            current.Write("{\"custom_id\":\""u8);
            current.Write(id);
            current.Write(prefix);
            current.Write(body);
            current.Write("}\n"u8);
            count++;
            index++;
        }

        if (count > 0)
        {
            files.Add((first, count, current.ToArray()));
        }

        return files;
    }
}
