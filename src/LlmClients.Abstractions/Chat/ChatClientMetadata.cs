namespace LlmClients;

/// <summary>Describes the provider behind a client, for logs and telemetry.</summary>
/// <param name="providerName">The vendor name, for example <c>"dashscope"</c>.</param>
/// <param name="providerUri">The base endpoint.</param>
/// <param name="defaultModelId">The model used when a request names none.</param>
public sealed class ChatClientMetadata(string providerName, Uri? providerUri = null, string? defaultModelId = null)
{
    /// <summary>Gets the vendor name, for example <c>"openai"</c>, <c>"dashscope"</c>, <c>"zhipu"</c> or <c>"qianfan"</c>.</summary>
    public string ProviderName { get; } = providerName;

    /// <summary>Gets the base endpoint (never carries a query string or credentials).</summary>
    public Uri? ProviderUri { get; } = providerUri;

    /// <summary>Gets the model used when a request names none.</summary>
    public string? DefaultModelId { get; } = defaultModelId;

    /// <summary>Gets or sets the configured instance name (the DI key), for example <c>"deepseek"</c>.</summary>
    public string? InstanceName { get; init; }
}
