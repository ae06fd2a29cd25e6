using System.Numerics.Tensors;
using LlmClients.HuggingFace;
using LlmClients.Testing;
using LlmClients.Testing.HuggingFace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.HuggingFace;

/// <summary>Hugging Face through DI against the emulator on a real loopback socket: router, endpoint and TEI.</summary>
public sealed class HuggingFaceEmulatorTests : IAsyncLifetime
{
    private const string Token = "hf_integrationSECRET0123456789";
    private LlmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await LlmEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Router_OneTextAndABatch_ParseFlatAndNestedAnswers()
    {
        await using var services = Build(o => Router(o));
        var client = Client(services);

        var one = await client.GenerateAsync(["机器学习"]);
        var three = await client.GenerateAsync(["机器学习", "深度学习", "深度强化学习"]);

        Assert.Equal(EmulatorReplies.Embedding("机器学习", HuggingFaceEmulator.EmbeddingDimensions), one[0].Vector.ToArray());
        Assert.Equal(["机器学习", "深度学习", "深度强化学习"], three.Select(e => Text(e.Vector.ToArray())));
        Assert.Equal("moka-ai/m3e-base", three[2].ModelId);
        var requests = _emulator.HuggingFace.Requests.Snapshot();
        Assert.Equal("/hf/router/hf-inference/models/moka-ai/m3e-base/pipeline/feature-extraction", requests[0].Path);
        Assert.Equal("Bearer " + Token, requests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task Router_PerTokenModel_IsRefusedUnlessMeanPoolingIsOn()
    {
        await using var refusing = Build(o => Router(o, HuggingFaceEmulator.PerTokenModel));
        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client(refusing).GenerateAsync(["深度学习"]));
        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("one vector per token (6 tokens x 768", ex.Message, StringComparison.Ordinal);

        await using var pooling = Build(o =>
        {
            Router(o, HuggingFaceEmulator.PerTokenModel);
            o.MeanPoolTokenEmbeddings = true;
        });
        var pooled = await Client(pooling).GenerateAsync(["深度学习", "ab"]);

        Assert.Equal(MeanOfTokens("深度学习"), pooled[0].Vector.ToArray(), new Tolerance());
        Assert.Equal(MeanOfTokens("ab"), pooled[1].Vector.ToArray(), new Tolerance());
    }

    [Fact]
    public async Task Router_ModelLoadingShortWait_RetriedAfterEstimatedTimeAndSucceeds()
    {
        await using var services = Build(o => Router(o));
        _emulator.HuggingFace.SimulateLoading(TimeSpan.FromMilliseconds(20), requests: 2);

        var result = await Client(services).GenerateAsync(["深度学习"]);

        Assert.Single(result);
        Assert.Equal(3, _emulator.RequestCount("/pipeline/feature-extraction"));
    }

    [Fact]
    public async Task Router_ModelLoadingLongerThanMaxRetryAfter_ThrowsTransientWithRetryAfterAfterOneRequest()
    {
        await using var services = Build(o => Router(o));
        _emulator.HuggingFace.SimulateLoading(TimeSpan.FromSeconds(577.375));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client(services).GenerateAsync(["深度学习"]));

        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(577.375), ex.RetryAfter);
        Assert.Contains("moka-ai/m3e-base is currently loading", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _emulator.RequestCount("/pipeline/feature-extraction"));
    }

    [Fact]
    public async Task Router_RejectedToken_AuthenticationWithoutTheTokenInTheMessage()
    {
        await using var services = Build(o =>
        {
            Router(o);
            o.ApiKey = "bad-key"; // LlmEmulatorOptions.RejectedApiKey's default.
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client(services).GenerateAsync(["x"]));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Endpoint_PostsToTheEndpointUrl()
    {
        await using var services = Build(o =>
        {
            o.Api = HuggingFaceApi.Endpoint;
            o.BaseUrl = _emulator.HuggingFace.EndpointUri;
            o.ApiKey = Token;
        });

        var result = await Client(services).GenerateAsync(["机器学习", "深度学习"]);

        Assert.Equal(["机器学习", "深度学习"], result.Select(e => Text(e.Vector.ToArray())));
        Assert.Equal("/hf/endpoint", _emulator.HuggingFace.Requests.Snapshot().Single().Path);
    }

    [Fact]
    public async Task Tei_BatchOverServerLimit_SplitByInfoAndKeptInOrder()
    {
        _emulator.HuggingFace.TeiMaxClientBatchSize = 2;
        await using var services = Build(o => o.BaseUrl = _emulator.HuggingFace.TeiBaseUri);
        string[] texts = ["a1", "b2", "c3", "d4", "e5"];

        var result = await Client(services).GenerateAsync(texts);
        await Client(services).GenerateAsync(["again"]);

        Assert.Equal(texts, result.Select(e => Text(e.Vector.ToArray())));
        Assert.Equal(HuggingFaceEmulator.TeiModelId, result[0].ModelId);
        Assert.Equal(1, _emulator.RequestCount("/hf/tei/info"));
        Assert.Equal(4, _emulator.RequestCount("/hf/tei/embed"));
        Assert.All(_emulator.HuggingFace.Requests.Snapshot(), r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public async Task Tei_ConfiguredBatchAboveServerLimit_Surfaces422Validation()
    {
        await using var services = Build(o =>
        {
            o.BaseUrl = _emulator.HuggingFace.TeiBaseUri;
            o.MaxEmbeddingBatchSize = 40;
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client(services).GenerateAsync([.. Enumerable.Range(0, 40).Select(i => "t" + i)]));

        Assert.Equal(422, ex.StatusCode);
        Assert.Equal("Validation", ex.ErrorCode);
        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("batch size 40 > maximum allowed batch size 32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tei_NormalizeFalseAndTruncateFalse_AreHonoured()
    {
        await using var services = Build(o => o.BaseUrl = _emulator.HuggingFace.TeiBaseUri);
        var client = Client(services);

        var raw = await client.GenerateAsync(["深度学习"], new() { AdditionalProperties = new() { [HuggingFaceEmbeddingProperties.Normalize] = false } });
        var tooLong = await Assert.ThrowsAsync<LlmRequestException>(() => client.GenerateAsync([new string('长', 1100)], new() { AdditionalProperties = new() { [HuggingFaceEmbeddingProperties.Truncate] = false } }));
        var cut = await client.GenerateAsync([new string('长', 1100)], new() { AdditionalProperties = new() { [HuggingFaceEmbeddingProperties.Truncate] = true } });

        Assert.Equal(5, TensorPrimitives.Norm(raw[0].Vector.Span), 3);
        Assert.Equal(LlmErrorKind.ContextTooLong, tooLong.Kind);
        Assert.Single(cut);
    }

    [Fact]
    public async Task Tei_ApiKeyMismatch_Is401WithEmptyBody()
    {
        _emulator.HuggingFace.TeiApiKey = "right-key";
        await using var wrong = Build(o =>
        {
            o.BaseUrl = _emulator.HuggingFace.TeiBaseUri;
            o.ApiKey = "wrong-key";
            o.MaxEmbeddingBatchSize = 32;
        });
        await using var right = Build(o =>
        {
            o.BaseUrl = _emulator.HuggingFace.TeiBaseUri;
            o.ApiKey = "right-key";
        });

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => Client(wrong).GenerateAsync(["x"]));
        var ok = await Client(right).GenerateAsync(["x"]);

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Single(ok);
    }

    [Fact]
    public async Task TeiOpenAI_ThroughTheSharedClient_ModelFromInfoUsageReported()
    {
        await using var services = Build(o =>
        {
            o.Api = HuggingFaceApi.TeiOpenAI;
            o.BaseUrl = _emulator.HuggingFace.TeiBaseUri;
        });

        var result = await Client(services).GenerateAsync(["机器学习", "深度学习"]);

        Assert.Equal(["机器学习", "深度学习"], result.Select(e => Text(e.Vector.ToArray())));
        Assert.Equal(HuggingFaceEmulator.TeiModelId, result[0].ModelId);
        Assert.True(result.Usage?.InputTokenCount > 0);
        Assert.Contains("\"model\":\"moka-ai/m3e-base\"", _emulator.HuggingFace.Requests.Snapshot()[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tei_TransientFault_RetriedByTheSharedHandler()
    {
        await using var services = Build(o =>
        {
            o.BaseUrl = _emulator.HuggingFace.TeiBaseUri;
            o.MaxEmbeddingBatchSize = 32;
        });
        _emulator.Faults.Enqueue(EmulatorFault.Status(429), "/hf/tei/embed");

        var result = await Client(services).GenerateAsync(["x"]);

        Assert.Single(result);
        Assert.Equal(2, _emulator.RequestCount("/hf/tei/embed"));
    }

    [Fact]
    public async Task Configuration_ProviderHuggingFace_RegistersEmbeddingsOnly()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmProviders:m3e:Provider"] = "HuggingFace",
            ["LlmProviders:m3e:BaseUrl"] = _emulator.HuggingFace.TeiBaseUri.ToString(),
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLlmProviders(config.GetSection("LlmProviders"));
        await using var services = collection.BuildServiceProvider();

        var result = await services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["机器学习"]);

        Assert.Single(result);
        Assert.Null(services.GetKeyedService<IChatClient>("m3e"));
    }

    private static IEmbeddingClient Client(ServiceProvider services) => services.GetRequiredKeyedService<IEmbeddingClient>("hf");

    private void Router(HuggingFaceOptions o, string model = "moka-ai/m3e-base")
    {
        o.Api = HuggingFaceApi.Serverless;
        o.BaseUrl = _emulator.HuggingFace.BaseUri;
        o.ApiKey = Token;
        o.DefaultEmbeddingModel = model;
    }

    private static ServiceProvider Build(Action<HuggingFaceOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => b.AddHuggingFace("hf", o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            configure(o);
        }));
        return services.BuildServiceProvider();
    }

    /// <summary>Finds which text a unit vector is the emulator's vector of.</summary>
    private static string Text(float[] vector)
    {
        string[] known = ["机器学习", "深度学习", "深度强化学习", "a1", "b2", "c3", "d4", "e5"];
        return known.Single(t => TensorPrimitives.CosineSimilarity(vector, EmulatorReplies.Embedding(t, vector.Length)) > 0.9999f);
    }

    private static float[] MeanOfTokens(string text)
    {
        string[] tokens = ["[CLS]", .. text.Select(c => c.ToString()), "[SEP]"];
        var sum = new float[HuggingFaceEmulator.EmbeddingDimensions];
        foreach (var token in tokens)
        {
            TensorPrimitives.Add(sum, EmulatorReplies.Embedding(token, sum.Length), sum);
        }

        TensorPrimitives.Divide(sum, TensorPrimitives.Norm(sum), sum);
        return sum;
    }

    private sealed class Tolerance : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) < 1e-5f;

        public int GetHashCode(float obj) => 0;
    }
}
