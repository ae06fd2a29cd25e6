using System.Numerics.Tensors;

namespace LlmClients.Samples;

/// <summary>
/// iFlytek Spark embeddings (2560 dimensions, one signed request per text) and the seeds' similarity: 机器学习, 深度学习 and
/// 深度强化学习 embedded as documents, the question as a query.
/// </summary>
internal sealed class SparkEmbeddingSimilaritySample : ISample
{
    public string Title => "Spark embeddings: 机器学习 / 深度学习 / 深度强化学习";

    public bool AppliesTo(SampleContext context) => context.Vendor == "spark";

    public async Task RunAsync(SampleContext context)
    {
        string[] documents = ["机器学习", "深度学习", "深度强化学习"];
        var vectors = await context.Embeddings.GenerateAsync(documents, new EmbeddingGenerationOptions().WithInputType(EmbeddingInputType.Document));
        var query = await context.Embeddings.GenerateAsync(["什么是深度学习？"], new EmbeddingGenerationOptions().WithInputType(EmbeddingInputType.Query));
        Console.WriteLine($"  {vectors.Count} vectors of {vectors[0].Vector.Length} dimensions");
        for (int i = 0; i < documents.Length; i++)
        {
            for (int j = i + 1; j < documents.Length; j++)
            {
                Console.WriteLine($"  similarity({documents[i]}, {documents[j]}) = {TensorPrimitives.CosineSimilarity(vectors[i].Vector.Span, vectors[j].Vector.Span):F3}");
            }
        }

        foreach (var (text, vector) in documents.Zip(vectors))
        {
            Console.WriteLine($"  query '什么是深度学习？' vs {text}: {TensorPrimitives.CosineSimilarity(query[0].Vector.Span, vector.Vector.Span):F3}");
        }
    }
}
