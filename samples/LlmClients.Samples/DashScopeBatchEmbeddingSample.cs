using LlmClients.DashScope;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Samples;

/// <summary>
/// DashScope batch embeddings: upload the texts (one per line) to the native file store, then one call submits a
/// text-embedding-async-v2 task, waits with progress, downloads the .txt.gz result and returns the vectors in input order.
/// </summary>
internal sealed class DashScopeBatchEmbeddingSample : ISample
{
    public string Title => "DashScope batch embeddings (native files + async task)";

    public bool AppliesTo(SampleContext context) => context.Vendor == "dashscope";

    public async Task RunAsync(SampleContext context)
    {
        string[] texts = ["机器学习", "深度学习", "深度强化学习"];
        var files = context.Services.GetRequiredKeyedService<IDashScopeNativeFileClient>(context.InstanceName);
        var batch = context.Services.GetRequiredKeyedService<IDashScopeBatchEmbeddingClient>(context.InstanceName);
        var upload = (await files.UploadAsync([new DashScopeFileUpload("texts.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', texts))))], DashScopeFile.FineTunePurpose)).EnsureAllUploaded();
        var input = await files.GetAsync(upload.Uploaded[0].FileId!);
        var embeddings = await batch.GenerateAsync(
            input.Url!,
            new DashScopeBatchEmbeddingOptions { ExpectedCount = texts.Length },
            new Progress<DashScopeTask>(t => Console.WriteLine($"  task {t}")));
        EmbeddingSimilaritySample.PrintSimilarities(embeddings, texts);
        await files.DeleteAsync(input.Id);
    }
}
