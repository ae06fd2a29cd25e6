namespace LlmClients;

/// <summary>
/// Which configured instance a client belongs to: served by every LlmClients chat and embedding client through
/// <c>GetService(typeof(LlmInstanceMetadata))</c> (or <c>GetService&lt;LlmInstanceMetadata&gt;()</c>), next to
/// Microsoft.Extensions.AI's <see cref="ChatClientMetadata"/> / <see cref="EmbeddingGeneratorMetadata"/>, also through a
/// <c>ChatClientBuilder</c> pipeline (middleware forwards <c>GetService</c> to the inner client).
/// </summary>
/// <param name="InstanceName">The instance name given to <c>AddLlmProviders</c> (the configuration section name, e.g.
/// <c>deepseek</c>); also the DI service key.</param>
/// <param name="ProviderName">The provider as the OpenTelemetry GenAI conventions name it (<c>gen_ai.provider.name</c>):
/// <c>dashscope</c>, <c>zhipu</c>, <c>qianfan</c>, <c>openai</c>, or what an OpenAI-compatible instance configures
/// (e.g. <c>deepseek</c>). Same as <see cref="ChatClientMetadata.ProviderName"/>.</param>
/// <param name="Vendor">The adapter family that speaks the wire: <c>OpenAI</c>, <c>DashScope</c>, <c>Zhipu</c> or
/// <c>Qianfan</c>.</param>
public sealed record LlmInstanceMetadata(string InstanceName, string ProviderName, string Vendor);
