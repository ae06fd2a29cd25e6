using System.Numerics.Tensors;

namespace LlmClients.Samples;

/// <summary>Zhipu: embedding-2 (1024 dimensions) and a similarity ranking.</summary>
internal sealed class ZhipuEmbeddingSample : ISample
{
    public string Title => "Zhipu embeddings (embedding-2)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "zhipu";

    public async Task RunAsync(SampleContext context)
    {
        string[] texts = ["深度学习", "深度强化学习", "机器学习", "banana"];
        var embeddings = await context.Embeddings.GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = "embedding-2" });
        Console.WriteLine($"  {embeddings.Count} vectors of {embeddings[0].Vector.Length} dimensions, usage: {embeddings.Usage.Describe()}");
        for (int i = 1; i < texts.Length; i++)
        {
            Console.WriteLine($"  similarity({texts[0]}, {texts[i]}) = {TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[i].Vector.Span):F3}");
        }
    }
}
