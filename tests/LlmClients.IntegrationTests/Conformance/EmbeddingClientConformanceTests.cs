using System.Numerics.Tensors;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Conformance;

/// <summary>
/// The behaviour every <see cref="IEmbeddingClient"/> must share, run through <c>AddLlmProviders</c>, the real handler chain and
/// a loopback emulator. Each provider flavour subclasses this in a few lines.
/// </summary>
public abstract class EmbeddingClientConformanceTests : IClassFixture<ConformanceEmulator>, IAsyncLifetime
{
    private readonly ConformanceEmulator _fixture;
    private ServiceProvider? _services;

    protected EmbeddingClientConformanceTests(ConformanceEmulator fixture) => _fixture = fixture;

    /// <summary>Gets the emulator shared by the tests of this class.</summary>
    protected LlmEmulator Emulator => _fixture.Emulator;

    /// <summary>Gets the embedding client under test, resolved as the unkeyed default.</summary>
    protected IEmbeddingClient Client => _services!.GetRequiredService<IEmbeddingClient>();

    internal abstract ConformanceProvider Provider { get; }

    /// <summary>Gets a value indicating whether the vendor reports token usage for embeddings.</summary>
    protected virtual bool ReportsUsage => true;

    public Task InitializeAsync()
    {
        Emulator.Faults.Clear();
        _services = Provider.BuildServices(Emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>Returns the vector the emulator sends for <paramref name="text"/> with the default embedding model.</summary>
    protected virtual float[] ExpectedVector(string text) => EmulatorReplies.Embedding(text, Provider.EmbeddingDimensions);

    [Fact]
    public async Task GenerateAsync_ThreeTexts_KeepsOrderAndReturnsEmulatorVectors()
    {
        string[] texts = ["深度学习", "机器学习", "banana"];
        var before = Emulator.RequestCount(Provider.EmbeddingPath);

        var result = await Client.GenerateAsync(texts);

        // Three texts fit in one batch everywhere but where the API takes one text per request.
        var requests = (texts.Length + Math.Min(texts.Length, Provider.TextsPerEmbeddingRequest) - 1) / Math.Min(texts.Length, Provider.TextsPerEmbeddingRequest);
        Assert.Equal(before + requests, Emulator.RequestCount(Provider.EmbeddingPath));
        Assert.Equal(texts.Length, result.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(ExpectedVector(texts[i]), result[i].Vector.ToArray());
        }

        Assert.Equal(Provider.ProviderName, Client.GetService<EmbeddingGeneratorMetadata>()?.ProviderName);
    }

    [Fact]
    public async Task GenerateAsync_RelatedAndUnrelatedTexts_RelatedAreCloser()
    {
        var result = await Client.GenerateAsync(["深度学习", "深度强化学习", "香蕉"]);

        var related = TensorPrimitives.CosineSimilarity(result[0].Vector.Span, result[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(result[0].Vector.Span, result[2].Vector.Span);
        Assert.True(related > unrelated, $"cosine(深度学习, 深度强化学习) = {related} should exceed cosine(深度学习, 香蕉) = {unrelated}");
    }

    [Fact]
    public async Task GenerateAsync_VendorReportsUsage_UsageIsSet()
    {
        var result = await Client.GenerateAsync(["深度学习", "机器学习"]);

        if (ReportsUsage)
        {
            Assert.True(result.Usage?.TotalTokenCount > 0, $"usage: {result.Usage}");
        }
        else
        {
            Assert.Null(result.Usage);
        }
    }

    [Fact]
    public async Task GenerateAsync_NullText_ThrowsArgumentExceptionNamingIndexBeforeAnyRequest()
    {
        var before = Emulator.Requests.Count;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client.GenerateAsync(["深度学习", null!, "香蕉"]));

        Assert.Contains("values[1]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Emulator.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_PreCancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GenerateAsync(["深度学习"], cancellationToken: cts.Token));
    }
}
