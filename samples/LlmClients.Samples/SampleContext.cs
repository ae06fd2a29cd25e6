namespace LlmClients.Samples;

/// <summary>What a scenario runs against: one configured provider instance.</summary>
internal sealed record SampleContext(IServiceProvider Services, LlmClientRegistry Registry, string InstanceName, string Vendor)
{
    public IChatClient Chat => Registry.GetChatClient(InstanceName);

    public IEmbeddingClient Embeddings => Registry.GetEmbeddingClient(InstanceName);
}
