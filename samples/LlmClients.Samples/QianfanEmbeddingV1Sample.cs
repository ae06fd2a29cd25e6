namespace LlmClients.Samples;

/// <summary>
/// The Embedding-V1 call Qianfan users make today: previously an access-token exchange at aip.baidubce.com/oauth/2.0/token and
/// then POST .../wenxinworkshop/embeddings/embedding-v1?access_token=... by hand. Here the token exchange, caching, refresh on
/// 110/111 and the 16-texts-per-request split happen inside the client; the result is 384-dimension vectors in input order.
/// </summary>
internal sealed class QianfanEmbeddingV1Sample : ISample
{
    public string Title => "Qianfan Embedding-V1 (384 dimensions, 20 texts split into requests of 16)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "qianfan";

    public async Task RunAsync(SampleContext context)
    {
        string[] texts = ["机器学习", "深度学习", "深度强化学习", .. Enumerable.Range(1, 17).Select(i => $"第{i}段文档")];
        var embeddings = await context.Embeddings.GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = "Embedding-V1" });
        Console.WriteLine($"  {embeddings.Count} vectors, {embeddings[0].Dimensions} dimensions each, usage: {embeddings.Usage.Describe()}");
        var first = embeddings[0];

        // The seed printout: id, created, object, length and the first 10 values.
        Console.WriteLine($"  id: {embeddings.GetRequestId()}, created: {first.CreatedAt?.ToString("u") ?? "(not sent)"}, object: embedding_list");
        Console.WriteLine($"  length: {first.Vector.Length}, first 10: [{string.Join(", ", first.Vector.Span[..10].ToArray().Select(v => v.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)))}]");
        EmbeddingSimilaritySample.PrintSimilarities(embeddings, texts[..3]);
    }
}
