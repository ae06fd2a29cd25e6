using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Samples;

/// <summary>What a scenario runs against: one configured provider instance.</summary>
internal sealed record SampleContext(IServiceProvider Services, LlmClientRegistry Registry, string InstanceName, string Vendor)
{
    public IChatClient Chat => Registry.GetChatClient(InstanceName);

    /// <summary>Gets whether the instance has a chat client (Hugging Face instances embed only).</summary>
    public bool HasChat => Services.GetKeyedService<IChatClient>(InstanceName) is not null;

    public IEmbeddingClient Embeddings => Registry.GetEmbeddingClient(InstanceName);
}
