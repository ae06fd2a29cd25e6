using System.Text.RegularExpressions;

namespace LlmClients.Testing.Zhipu;

/// <summary>
/// Markers a prompt (the last user message) can carry to script the Zhipu emulator through any client, DI included.
/// The reply still echoes the whole prompt, markers and all.
/// </summary>
public static partial class ZhipuEmulatorMarkers
{
    /// <summary>Makes an async task end with <c>FAIL</c> (after its <c>PROCESSING</c> polls).</summary>
    public const string Fail = "[zhipu:fail]";

    /// <summary>Makes a chat reply end with <c>finish_reason</c> <c>sensitive</c>.</summary>
    public const string Sensitive = "[zhipu:sensitive]";

    /// <summary>
    /// Makes a chat reply end with <c>finish_reason</c> <c>network_error</c> (Zhipu's report of a failed inference, at HTTP 200;
    /// a stream still ends with <c>data: [DONE]</c>).
    /// </summary>
    public const string NetworkError = "[zhipu:network-error]";

    /// <summary>
    /// Returns a marker that makes an async task answer <c>PROCESSING</c> <paramref name="count"/> times before it ends
    /// (instead of <see cref="ZhipuEmulator.ProcessingPolls"/>).
    /// </summary>
    /// <param name="count">The number of <c>PROCESSING</c> polls (0 or more).</param>
    /// <returns>The marker.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static string Polls(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return string.Create(CultureInfo.InvariantCulture, $"[zhipu:polls={count}]");
    }

    /// <summary>
    /// Returns a marker that makes a chat, async submission or image request fail with Zhipu error <paramref name="code"/>
    /// at the HTTP status Zhipu uses for it (1301 at 400, 1113 and 1302/1305 at 429, 1000-1004 at 401...).
    /// </summary>
    /// <param name="code">The Zhipu code, for example <c>"1301"</c>.</param>
    /// <returns>The marker.</returns>
    public static string Error(string code) => $"[zhipu:error={code}]";

    /// <summary>Returns a marker that makes a streamed reply send two chunks, then <c>data: {"error":{"code":...}}</c>.</summary>
    /// <param name="code">The Zhipu code, for example <c>"1301"</c>.</param>
    /// <returns>The marker.</returns>
    public static string StreamError(string code) => $"[zhipu:stream-error={code}]";

    internal static string? Find(string text, string name) => MarkerPattern().Matches(text).FirstOrDefault(m => m.Groups[1].Value == name)?.Groups[2].Value;

    [GeneratedRegex(@"\[zhipu:([a-z\-]+)(?:=([0-9]+))?\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
