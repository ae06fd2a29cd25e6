namespace LlmClients.Shared;

/// <summary>Builds the <see cref="LlmAdditionalProperties"/> entries our responses carry.</summary>
internal static class ResponseProperties
{
    /// <summary>The <see cref="LlmAdditionalProperties.RequestId"/> entry.</summary>
    /// <param name="requestId">The request id.</param>
    /// <returns>A dictionary holding it, or null when there is none.</returns>
    public static AdditionalPropertiesDictionary? RequestId(string? requestId)
        => requestId is null ? null : new() { [LlmAdditionalProperties.RequestId] = requestId };

    /// <summary>Builds the neutral usage from a vendor's token counts; a missing total is input + output.</summary>
    /// <param name="input">Prompt (input) tokens.</param>
    /// <param name="output">Completion (output) tokens, reasoning included.</param>
    /// <param name="total">The vendor's total, or null.</param>
    /// <param name="cachedInput">Prompt tokens served from the vendor's cache, or null.</param>
    /// <param name="reasoning">Reasoning tokens, or null.</param>
    /// <returns>The usage.</returns>
    public static UsageDetails Usage(long? input, long? output, long? total, long? cachedInput = null, long? reasoning = null) => new()
    {
        InputTokenCount = input,
        OutputTokenCount = output,
        TotalTokenCount = total ?? (input + output),
        CachedInputTokenCount = cachedInput,
        ReasoningTokenCount = reasoning,
    };
}
