namespace LlmClients.Shared;

/// <summary>
/// Every vendor's finish reasons in one table: the values that map to a <see cref="ChatFinishReason"/> and the values that
/// report a vendor failure (an answer that did not end well must not pass as a normal end). Unknown values are preserved,
/// never thrown on.
/// </summary>
internal static class FinishReasons
{
    private static readonly Row Stop = new(ChatFinishReason.Stop);
    private static readonly Row Length = new(ChatFinishReason.Length);
    private static readonly Row ToolCalls = new(ChatFinishReason.ToolCalls);
    private static readonly Row ContentFilter = new(ChatFinishReason.ContentFilter);
    private static readonly Row NetworkError = new(null, new Failure(LlmErrorKind.ServerError, IsTransient: true, "the model's inference failed"));

    /// <summary>
    /// The table. A row maps a wire value (case-insensitive) to a finish reason, or to a failure the stream (or response)
    /// raises as a <see cref="LlmRequestException"/> after handing on the text it carried. A switch, not a dictionary:
    /// building a frozen or hashed table costs a cold start more than these few comparisons ever cost a call.
    /// </summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The row, or null for a value no vendor documents.</returns>
    private static Row? Find(string value) => value.ToLowerInvariant() switch // Returns the same string when already lower case.
    {
        // Every OpenAI-style wire (OpenAI, DashScope both modes, Zhipu, Qianfan v2).
        "stop" => Stop,
        "length" => Length,
        "tool_calls" => ToolCalls,
        "content_filter" => ContentFilter,

        // OpenAI's legacy function calling and Qianfan v1.
        "function_call" => ToolCalls,

        // Qianfan: "normal" is its plain stop (v1 on every chunk, so its mapper reads it only on the is_end event).
        "normal" => Stop,

        // Zhipu: the content filter stopped the output; the partial text is kept.
        "sensitive" => ContentFilter,

        // Zhipu (newer models): input and output filled the context window, so the output was cut off.
        "model_context_window_exceeded" => Length,

        // Zhipu (also seen from GLM behind OpenAI-compatible gateways): the model's inference failed; the stream ends
        // cleanly at HTTP 200, sometimes with no content at all. A retry may succeed.
        "network_error" => NetworkError,
        _ => null,
    };

    /// <summary>Maps a wire value. Null, empty and DashScope's string <c>"null"</c> mean "not finished".</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The reason (a failure value is kept as its own <see cref="ChatFinishReason"/>), or null while unfinished.</returns>
    public static ChatFinishReason? FromWire(string? value)
    {
        if (value is null or "" or "null")
        {
            return null;
        }

        return Find(value)?.Reason is { } reason ? reason : new ChatFinishReason(value);
    }

    /// <summary>Builds the exception for a finish reason that reports a vendor failure.</summary>
    /// <param name="reason">The mapped finish reason.</param>
    /// <param name="provider">The provider name, for the exception.</param>
    /// <param name="requestId">The request id, if known.</param>
    /// <returns>The exception, or null when the reason is a normal end (or none).</returns>
    public static LlmRequestException? Failed(ChatFinishReason? reason, string provider, string? requestId)
    {
        if (reason is not { } value || Find(value.Value)?.Failure is not { } failure)
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
