namespace LlmClients.Samples;

/// <summary>Embeds 机器学习 / 深度学习 / 深度强化学习 and prints their pairwise cosine similarities.</summary>
internal sealed class EmbeddingSimilaritySample : ISample
{
    private static readonly string[] Texts = ["机器学习", "深度学习", "深度强化学习"];

    public string Title => "Embeddings and cosine similarity";

    public bool AppliesTo(SampleContext context) => true;

    public async Task RunAsync(SampleContext context)
    {
        var embeddings = await context.Embeddings.GenerateAsync(Texts);
        Print(embeddings);
    }

    /// <summary>Prints the dimensions and every pair's cosine similarity.</summary>
    public static void Print(GeneratedEmbeddings embeddings, IReadOnlyList<string>? texts = null)
    {
        texts ??= Texts;
        Console.WriteLine($"  {embeddings.Count} vectors of {embeddings[0].Dimensions} dimensions, usage: {embeddings.Usage}");
        for (int i = 0; i < embeddings.Count; i++)
        {
            for (int j = i + 1; j < embeddings.Count; j++)
            {
                Console.WriteLine($"  cos({texts[i]}, {texts[j]}) = {EmbeddingMath.CosineSimilarity(embeddings[i], embeddings[j]):F4}");
            }
        }
    }
}
