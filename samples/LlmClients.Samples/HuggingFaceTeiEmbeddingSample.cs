using System.Numerics.Tensors;

namespace LlmClients.Samples;

/// <summary>
/// Hugging Face: m3e-base through a text-embeddings-inference (TEI) URL (HF_TEI_URL), or through the HF Inference router
/// with HF_TOKEN; the emulator's TEI server otherwise. Embeds 机器学习 / 深度学习 / 深度强化学习 and prints their cosine similarities.
/// </summary>
internal sealed class HuggingFaceTeiEmbeddingSample : ISample
{
    private static readonly string[] Texts = ["机器学习", "深度学习", "深度强化学习"];

    public string Title => "Hugging Face embeddings (m3e-base) and cosine similarity";

    public bool AppliesTo(SampleContext context) => context.Vendor == "huggingface";

    public async Task RunAsync(SampleContext context)
    {
        var endpoint = context.Embeddings.GetService<EmbeddingGeneratorMetadata>()?.ProviderUri;
        Console.WriteLine(endpoint is { IsLoopback: true }
            ? $"  TEI at {endpoint} (the LlmClients emulator: set HF_TEI_URL to your TEI server, or HF_TOKEN for the HF Inference router)"
            : $"  {endpoint}");
        var embeddings = await context.Embeddings.GenerateAsync(Texts, new EmbeddingGenerationOptions { ModelId = "moka-ai/m3e-base" });
        Console.WriteLine($"  {embeddings.Count} vectors of {embeddings[0].Vector.Length} dimensions from {embeddings[0].ModelId}");
        for (int i = 0; i < Texts.Length; i++)
        {
            for (int j = i + 1; j < Texts.Length; j++)
            {
                Console.WriteLine($"  cos({Texts[i]}, {Texts[j]}) = {TensorPrimitives.CosineSimilarity(embeddings[i].Vector.Span, embeddings[j].Vector.Span):F4}");
            }
        }
    }
}
