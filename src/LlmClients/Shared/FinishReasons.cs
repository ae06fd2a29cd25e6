using System.Collections.Frozen;

namespace LlmClients.Shared;

/// <summary>
/// Every vendor's finish reasons in one table: the values that map to a <see cref="ChatFinishReason"/> and the values that
/// report a vendor failure (an answer that did not end well must not pass as a normal end). Unknown values are preserved,
/// never thrown on.
/// </summary>
internal static class FinishReasons
{
    /// <summary>
    /// The table. A row maps a wire value (case-insensitive) to a finish reason, or to a failure the stream (or response)
    /// raises as a <see cref="LlmRequestException"/> after handing on the text it carried.
    /// </summary>
    private static readonly FrozenDictionary<string, Row> Table = new Dictionary<string, Row>(StringComparer.OrdinalIgnoreCase)
    {
        // Every OpenAI-style wire (OpenAI, DashScope both modes, Zhipu, Qianfan v2).
        ["stop"] = new(ChatFinishReason.Stop),
        ["length"] = new(ChatFinishReason.Length),
        ["tool_calls"] = new(ChatFinishReason.ToolCalls),
        ["content_filter"] = new(ChatFinishReason.ContentFilter),

        // OpenAI's legacy function calling and Qianfan v1.
        ["function_call"] = new(ChatFinishReason.ToolCalls),

        // Qianfan: "normal" is its plain stop (v1 on every chunk, so its mapper reads it only on the is_end event).
        ["normal"] = new(ChatFinishReason.Stop),

        // Zhipu: the content filter stopped the output; the partial text is kept.
        ["sensitive"] = new(ChatFinishReason.ContentFilter),

        // Zhipu (newer models): input and output filled the context window, so the output was cut off.
        ["model_context_window_exceeded"] = new(ChatFinishReason.Length),

        // Zhipu (also seen from GLM behind OpenAI-compatible gateways): the model's inference failed; the stream ends
        // cleanly at HTTP 200, sometimes with no content at all. A retry may succeed.
        ["network_error"] = new(null, new Failure(LlmErrorKind.ServerError, IsTransient: true, "the model's inference failed")),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps a wire value. Null, empty and DashScope's string <c>"null"</c> mean "not finished".</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The reason (a failure value is kept as its own <see cref="ChatFinishReason"/>), or null while unfinished.</returns>
    public static ChatFinishReason? FromWire(string? value)
    {
        if (value is null or "" or "null")
        {
            return null;
        }

        return Table.TryGetValue(value, out var row) && row.Reason is { } reason ? reason : new ChatFinishReason(value);
    }

    /// <summary>Builds the exception for a finish reason that reports a vendor failure.</summary>
    /// <param name="reason">The mapped finish reason.</param>
    /// <param name="provider">The provider name, for the exception.</param>
    /// <param name="requestId">The request id, if known.</param>
    /// <returns>The exception, or null when the reason is a normal end (or none).</returns>
    public static LlmRequestException? Failed(ChatFinishReason? reason, string provider, string? requestId)
    {
        if (reason is not { } value || !Table.TryGetValue(value.Value, out var row) || row.Failure is not { } failure)
        {
            return null;
        }

        return new LlmRequestException(
            provider,
            failure.Kind,
            200,
            value.Value,
            null,
            requestId,
            failure.IsTransient,
            advice: $"the answer ended with finish_reason \"{value.Value}\": {failure.Meaning}{(failure.IsTransient ? "; retrying may succeed" : string.Empty)}");
    }

    private sealed record Row(ChatFinishReason? Reason, Failure? Failure = null);

    private sealed record Failure(LlmErrorKind Kind, bool IsTransient, string Meaning);
}
