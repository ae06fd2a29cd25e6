namespace LlmClients.Samples;

/// <summary>Python: dashscope.TextEmbedding.call / LangChain DashScopeEmbeddings with text-embedding-v1 and v2, then pairwise cosine similarity.</summary>
internal sealed class DashScopeEmbeddingsSample : ISample
{
    private static readonly string[] Texts = ["机器学习", "深度学习", "深度强化学习"];

    public string Title => "DashScope: text-embedding-v1 and v2, cosine similarities";

    public bool AppliesTo(SampleContext context) => context.Vendor == "dashscope";

    public async Task RunAsync(SampleContext context)
    {
        foreach (var model in new[] { "text-embedding-v1", "text-embedding-v2" })
        {
            Console.WriteLine($"  {model}:");
            var embeddings = await context.Embeddings.GenerateAsync(Texts, new EmbeddingGenerationOptions { ModelId = model }.WithInputType(EmbeddingInputType.Document));
            EmbeddingSimilaritySample.Print(embeddings, Texts);
        }
    }
}
