namespace LlmClients.Samples;

/// <summary>
/// The OpenAI embedding printout of the seeds, against a custom base URL (<c>OPENAI_BASE_URL</c>, or the emulator offline):
/// object type, vector length, the first 10 values, the model and the usage.
/// </summary>
internal sealed class OpenAIEmbeddingPrintoutSample : ISample
{
    public string Title => "OpenAI embedding printout (custom base URL)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "openai";

    public async Task RunAsync(SampleContext context)
    {
        var embeddings = await context.Embeddings.GenerateAsync(["The food was delicious and the waiter was friendly."], new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small" });
        var embedding = embeddings[0];
        Console.WriteLine("  object: embedding");
        Console.WriteLine($"  length: {embedding.Vector.Length}");
        Console.WriteLine($"  first 10: [{string.Join(", ", embedding.Vector.Span[..Math.Min(10, embedding.Vector.Length)].ToArray().Select(v => v.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)))}]");
        Console.WriteLine($"  model: {embedding.ModelId}");
        Console.WriteLine($"  usage: {embeddings.Usage.Describe()}");
    }
}
