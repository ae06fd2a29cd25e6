namespace LlmClients.Qianfan;

/// <summary>What the v1 adapters need to know about one provider instance, resolved from <see cref="QianfanOptions"/>.</summary>
internal sealed record QianfanSettings
{
    /// <summary>Gets the instance name (the DI key).</summary>
    public required string InstanceName { get; init; }

    /// <summary>Gets the instance as the clients report it (<see cref="LlmInstanceMetadata"/>).</summary>
    public LlmInstanceMetadata Instance => new(InstanceName, QianfanErrorMapper.Provider, "Qianfan");

    /// <summary>Gets the v1 base URL (<c>.../wenxinworkshop/</c>), ending with a slash.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Gets the default chat model.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Gets the default embedding model.</summary>
    public string? DefaultEmbeddingModel { get; init; }

    /// <summary>Gets the custom chat endpoints (model name to slug), case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> CustomEndpoints { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the custom embedding endpoints (model name to slug), case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> CustomEmbeddingEndpoints { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the extra headers sent with every request.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the most texts per embedding request, below the model's cap (16), or null for the cap.</summary>
    public int? MaxEmbeddingBatchSize { get; init; }

    /// <summary>Gets how many embedding requests of one split batch may run at once.</summary>
    public int EmbeddingParallelism { get; init; } = 4;

    /// <summary>
    /// Gets the action that drops a rejected access token from the cache (v1 through DI), or null (no token cache).
    /// Used when a stream reports 110/111 in its first event, which the auth handler does not see.
    /// </summary>
    public Action<string>? InvalidateToken { get; init; }

    /// <summary>Creates a JSON POST to a path under the base URL. The access token is added per attempt by the auth handler.</summary>
    /// <param name="path">The relative path, for example <c>chat/completions_pro</c>.</param>
    /// <param name="body">The JSON body.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage CreateRequest(string path, byte[] body) => JsonRequests.Create(HttpMethod.Post, BaseUrls.Combine(BaseUrl, path), body, Headers);
}
