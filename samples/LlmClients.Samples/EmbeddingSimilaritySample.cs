using System.Numerics.Tensors;

namespace LlmClients.Samples;

/// <summary>Embeds 机器学习 / 深度学习 / 深度强化学习 and prints their pairwise cosine similarities.</summary>
internal sealed class EmbeddingSimilaritySample : ISample
{
    private static readonly string[] Texts = ["机器学习", "深度学习", "深度强化学习"];

    public string Title => "Embeddings and cosine similarity";

    public bool AppliesTo(SampleContext context) => context.Vendor != "huggingface"; // Its own sample: m3e-base over TEI.

    public async Task RunAsync(SampleContext context)
    {
        var embeddings = await context.Embeddings.GenerateAsync(Texts);
        Print(embeddings);
    }

    /// <summary>Prints the dimensions and every pair's cosine similarity.</summary>
    public static void Print(GeneratedEmbeddings<Embedding<float>> embeddings, IReadOnlyList<string>? texts = null)
    {
        Console.WriteLine($"  {embeddings.Count} vectors of {embeddings[0].Dimensions} dimensions, usage: {embeddings.Usage.Describe()}");
        PrintSimilarities(embeddings, texts ?? Texts);
    }

    /// <summary>Prints every pair's cosine similarity among the first <paramref name="texts"/>.Count embeddings.</summary>
    public static void PrintSimilarities(IList<Embedding<float>> embeddings, IReadOnlyList<string> texts)
    {
        for (int i = 0; i < texts.Count; i++)
        {
            for (int j = i + 1; j < texts.Count; j++)
            {
                Console.WriteLine($"  cos({texts[i]}, {texts[j]}) = {TensorPrimitives.CosineSimilarity(embeddings[i].Vector.Span, embeddings[j].Vector.Span):F4}");
            }
        }
    }
}
