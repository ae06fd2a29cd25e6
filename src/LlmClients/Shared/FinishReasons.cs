namespace LlmClients.Shared;

/// <summary>Maps vendor finish reasons to <see cref="ChatFinishReason"/>; unknown values are preserved, never thrown on.</summary>
internal static class FinishReasons
{
    /// <summary>Maps a wire value. Null, empty and DashScope's string <c>"null"</c> mean "not finished".</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The reason, or null while unfinished.</returns>
    public static ChatFinishReason? FromWire(string? value) => value switch
    {
        null or "" or "null" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" or "sensitive" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };
}
