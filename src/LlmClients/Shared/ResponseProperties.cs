namespace LlmClients.Shared;

/// <summary>Builds the <see cref="LlmAdditionalProperties"/> entries our responses carry.</summary>
internal static class ResponseProperties
{
    /// <summary>The <see cref="LlmAdditionalProperties.RequestId"/> entry.</summary>
    /// <param name="requestId">The request id.</param>
    /// <returns>A dictionary holding it, or null when there is none.</returns>
    public static AdditionalPropertiesDictionary? RequestId(string? requestId)
        => requestId is null ? null : new() { [LlmAdditionalProperties.RequestId] = requestId };
}
