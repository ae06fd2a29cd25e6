using System.Text.RegularExpressions;

namespace LlmClients.Testing.Spark;

/// <summary>
/// Markers a prompt (the last user message, or a text to embed) can carry to script the Spark emulator through any client.
/// The reply still echoes the whole prompt, markers and all.
/// </summary>
public static partial class SparkEmulatorMarkers
{
    /// <summary>
    /// Returns a marker that makes a chat or embedding request fail with Spark code <paramref name="code"/> in an HTTP 200
    /// body (chat <c>{"code":..,"message":..,"sid":..}</c>, embeddings the same inside <c>header</c>), as Spark reports
    /// business errors whatever the status.
    /// </summary>
    /// <param name="code">The Spark code, for example <c>10013</c> (input content rejected) or <c>11202</c> (per-second limit).</param>
    /// <returns>The marker.</returns>
    public static string Error(int code) => $"[spark:error={code}]";

    /// <summary>Returns a marker that makes a streamed reply send two chunks, then a chunk with code <paramref name="code"/>.</summary>
    /// <param name="code">The Spark code, for example <c>10014</c> (output content rejected).</param>
    /// <returns>The marker.</returns>
    public static string StreamError(int code) => $"[spark:stream-error={code}]";

    internal static int? Find(string text, string name) =>
        MarkerPattern().Matches(text).FirstOrDefault(m => m.Groups[1].Value == name) is { } match ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"\[spark:([a-z\-]+)=([0-9]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
