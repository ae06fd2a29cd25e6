using LlmClients.HuggingFace;
using LlmClients.Tests.TestSupport;
using RichardSzalay.MockHttp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmClients.Tests.HuggingFace;

public sealed class HuggingFaceEmbeddingClientTests
{
    private const string TeiInfo = """{"model_id":"moka-ai/m3e-base","max_client_batch_size":2,"max_input_length":512,"auto_truncate":true,"version":"1.9.3"}""";

    [Fact]
    public async Task GenerateAsync_RouterOneText_PostsInputsStringToModelPathWithTokenFromHfToken()
    {
        using var host = HuggingFaceTestHost.Create(o => o.DefaultEmbeddingModel = "moka-ai/m3e-base", new() { ["HF_TOKEN"] = HuggingFaceTestHost.Token });
        var call = host.Expect(HttpMethod.Post, HuggingFaceTestHost.Router + "models/moka-ai/m3e-base/pipeline/feature-extraction", () => HuggingFaceTestHost.Json("[0.6,0.8]"));

        var result = await host.Embeddings.GenerateAsync(["机器学习"]);

        JsonAssert.Equal("""{"inputs":"机器学习"}""", call.Body!);
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal("Bearer " + HuggingFaceTestHost.Token, call.Authorization);
        Assert.Equal([0.6f, 0.8f], result[0].Vector.ToArray());
        Assert.Equal("moka-ai/m3e-base", result[0].ModelId);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_HuggingFaceHubTokenOnly_IsTheFallbackOfHfToken()
    {
        using var host = HuggingFaceTestHost.Create(o => o.DefaultEmbeddingModel = "m", new() { ["HUGGING_FACE_HUB_TOKEN"] = "hf_legacyvariable12345" });
        var call = host.Expect(HttpMethod.Post, HuggingFaceTestHost.Router + "models/m/pipeline/feature-extraction", () => HuggingFaceTestHost.Json("[[1,0],[0,1]]"));

        await host.Embeddings.GenerateAsync(["a", "b"]);

        Assert.Equal("Bearer hf_legacyvariable12345", call.Authorization);
        JsonAssert.Equal("""{"inputs":["a","b"]}""", call.Body!);
    }

    [Fact]
    public async Task GenerateAsync_LegacyHost_UsesPipelineThenModelPath()
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.ApiKey = HuggingFaceTestHost.Token;
            o.BaseUrl = new Uri("https://api-inference.huggingface.co");
            o.DefaultEmbeddingModel = "sentence-transformers/paraphrase-albert-small-v2";
        });
        host.Expect(HttpMethod.Post, "https://api-inference.huggingface.co/pipeline/feature-extraction/sentence-transformers/paraphrase-albert-small-v2", () => HuggingFaceTestHost.Json("[0.1,0.2]"));

        var result = await host.Embeddings.GenerateAsync(["This is an example again"]);

        Assert.Single(result);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_DedicatedEndpoint_PostsToTheUrlAsGiven()
    {
        const string Endpoint = "https://jpj7k2q4j805b727.us-east-1.aws.endpoints.huggingface.cloud";
        using var host = HuggingFaceTestHost.Create(o => o.BaseUrl = new Uri(Endpoint), new() { ["HF_TOKEN"] = HuggingFaceTestHost.Token });
        var call = host.Expect(HttpMethod.Post, Endpoint + "/", () => HuggingFaceTestHost.Json("[[0.1,0.2]]"));

        await host.Embeddings.GenerateAsync(["x"]);

        Assert.Equal("Bearer " + HuggingFaceTestHost.Token, call.Authorization);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_TeiWithoutKey_SendsNoAuthorizationAndNeverTheHfToken()
    {
        using var host = HuggingFaceTestHost.Create(o => o.BaseUrl = new Uri(HuggingFaceTestHost.Tei), new() { ["HF_TOKEN"] = HuggingFaceTestHost.Token });
        var info = host.Expect(HttpMethod.Get, HuggingFaceTestHost.Tei + "info", () => HuggingFaceTestHost.Json(TeiInfo));
        var call = host.Expect(HttpMethod.Post, HuggingFaceTestHost.Tei + "embed", () => HuggingFaceTestHost.Json("[[0.1,0.2]]"));

        var result = await host.Embeddings.GenerateAsync(["深度学习"]);

        Assert.False(call.HasAuthorization);
        Assert.False(info.HasAuthorization);
        Assert.Equal("moka-ai/m3e-base", result[0].ModelId); // From /info.
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_TeiBatchOverInfoLimit_SplitsAndReadsInfoOnlyOnce()
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.BaseUrl = new Uri(HuggingFaceTestHost.Tei);
            o.ApiKey = "tei-key";
            o.EmbeddingParallelism = 1;
        });
        var info = host.Expect(HttpMethod.Get, HuggingFaceTestHost.Tei + "info", () => HuggingFaceTestHost.Json(TeiInfo));
        var bodies = new List<string>();
        host.Mock.When(HttpMethod.Post, HuggingFaceTestHost.Tei + "embed").Respond(request =>
        {
            var body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            lock (bodies)
            {
                bodies.Add(body);
            }

            var count = System.Text.Json.Nodes.JsonNode.Parse(body)!["inputs"] is System.Text.Json.Nodes.JsonArray a ? a.Count : 1;
            return HuggingFaceTestHost.Json("[" + string.Join(",", Enumerable.Repeat("[1,0]", count)) + "]");
        });

        var first = await host.Embeddings.GenerateAsync(["a", "b", "c"]);
        var second = await host.Embeddings.GenerateAsync(["d", "e", "f", "g", "h"]);

        Assert.Equal(1, info.Count);
        Assert.Equal("Bearer tei-key", info.Authorization);
        Assert.Equal(3, first.Count);
        Assert.Equal(5, second.Count);
        Assert.Equal(["""{"inputs":["a","b"]}""", """{"inputs":"c"}""", """{"inputs":["d","e"]}""", """{"inputs":["f","g"]}""", """{"inputs":"h"}"""], bodies);
    }

    [Fact]
    public async Task GenerateAsync_TeiWithConfiguredBatchSizeAndModel_NeverReadsInfo()
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.BaseUrl = new Uri(HuggingFaceTestHost.Tei);
            o.MaxEmbeddingBatchSize = 8;
            o.DefaultEmbeddingModel = "m3e";
        });
        host.Expect(HttpMethod.Post, HuggingFaceTestHost.Tei + "embed", () => HuggingFaceTestHost.Json("[[1],[2],[3]]"));

        var result = await host.Embeddings.GenerateAsync(["a", "b", "c"]);

        Assert.Equal(3, result.Count);
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GenerateAsync_TeiWithoutInfoRoute_FallsBackTo32()
    {
        using var host = HuggingFaceTestHost.Create(o => o.BaseUrl = new Uri(HuggingFaceTestHost.Tei));
        host.Expect(HttpMethod.Get, HuggingFaceTestHost.Tei + "info", () => HuggingFaceTestHost.Json("", System.Net.HttpStatusCode.NotFound));
        var call = host.Expect(HttpMethod.Post, HuggingFaceTestHost.Tei + "embed", () => HuggingFaceTestHost.Json("[" + string.Join(",", Enumerable.Repeat("[1]", 32)) + "]"));

        var result = await host.Embeddings.GenerateAsync([.. Enumerable.Range(0, 32).Select(i => "t" + i)]);

        Assert.Equal(32, result.Count);
        Assert.Null(result[0].ModelId);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_NormalizeTruncateAndPrompt_GoAtTheBodyRoot()
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.BaseUrl = new Uri(HuggingFaceTestHost.Tei);
            o.MaxEmbeddingBatchSize = 32;
        });
        var call = host.Expect(HttpMethod.Post, HuggingFaceTestHost.Tei + "embed", () => HuggingFaceTestHost.Json("[[3,4]]"));
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 2,
            AdditionalProperties = new()
            {
                [HuggingFaceEmbeddingProperties.Normalize] = false,
                [HuggingFaceEmbeddingProperties.Truncate] = true,
                [HuggingFaceEmbeddingProperties.TruncationDirection] = "left",
                [HuggingFaceEmbeddingProperties.PromptName] = "query",
            },
        };

        await host.Embeddings.GenerateAsync(["x"], options);

        JsonAssert.Equal("""{"inputs":"x","dimensions":2,"normalize":false,"truncate":true,"truncation_direction":"left","prompt_name":"query"}""", call.Body!);
    }

    [Theory]
    [InlineData("normalize", "yes", "must be a bool")]
    [InlineData("truncate", 1, "must be a bool")]
    [InlineData("truncation_direction", "middle", "\"left\" or \"right\"")]
    [InlineData("prompt_name", "", "non-empty string")]
    [InlineData("inputs", "x", "would replace the texts")]
    public async Task GenerateAsync_BadExtra_ThrowsNamingTheKeyBeforeAnyRequest(string key, object value, string expected)
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.BaseUrl = new Uri(HuggingFaceTestHost.Tei);
            o.MaxEmbeddingBatchSize = 32;
        });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Embeddings.GenerateAsync(["x"], new() { AdditionalProperties = new() { [key] = value } }));

        Assert.Contains($"[\"{key}\"]", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Theory]
    [InlineData("truncate", true)]
    [InlineData("normalize", false)]
    [InlineData("prompt_name", "query")]
    public async Task GenerateAsync_TeiOpenAIRouteWithOptionItIgnores_ThrowsBeforeAnyRequest(string key, object value)
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.BaseUrl = new Uri(HuggingFaceTestHost.Tei);
            o.Api = HuggingFaceApi.TeiOpenAI;
        });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Embeddings.GenerateAsync(["x"], new() { AdditionalProperties = new() { [key] = value } }));

        Assert.Contains("/v1/embeddings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Api to Tei", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GenerateAsync_TeiOpenAIRoute_UsesSharedClientWithModelAndBatchFromInfo()
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.BaseUrl = new Uri(HuggingFaceTestHost.Tei);
            o.Api = HuggingFaceApi.TeiOpenAI;
        });
        host.Expect(HttpMethod.Get, HuggingFaceTestHost.Tei + "info", () => HuggingFaceTestHost.Json(TeiInfo));
        var call = host.Expect(HttpMethod.Post, HuggingFaceTestHost.Tei + "v1/embeddings", () => HuggingFaceTestHost.Json(
            """{"object":"list","data":[{"object":"embedding","embedding":[0.6,0.8],"index":0}],"model":"moka-ai/m3e-base","usage":{"prompt_tokens":2,"total_tokens":2}}"""));

        var result = await host.Embeddings.GenerateAsync(["机器学习"]);

        JsonAssert.Equal("""{"input":"机器学习","model":"moka-ai/m3e-base","encoding_format":"float"}""", call.Body!);
        Assert.Equal([0.6f, 0.8f], result[0].Vector.ToArray());
        Assert.Equal(2, result.Usage?.InputTokenCount);
        host.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GenerateAsync_RouterIgnoresDimensions_ThrowsInsteadOfReturningTheWrongSize()
    {
        using var host = HuggingFaceTestHost.Create(o => o.DefaultEmbeddingModel = "m", new() { ["HF_TOKEN"] = HuggingFaceTestHost.Token });
        host.Expect(HttpMethod.Post, HuggingFaceTestHost.Router + "models/m/pipeline/feature-extraction", () => HuggingFaceTestHost.Json("[0.1,0.2,0.3]"));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Embeddings.GenerateAsync(["x"], new() { Dimensions = 2 }));

        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("asked for 2 dimensions but got 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_RouterWithoutModel_ThrowsNamingTheSettingBeforeAnyRequest()
    {
        using var host = HuggingFaceTestHost.Create(o => o.ApiKey = HuggingFaceTestHost.Token);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Embeddings.GenerateAsync(["x"]));

        Assert.Contains("DefaultEmbeddingModel", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.UnmatchedRequests);
    }

    [Fact]
    public async Task GenerateAsync_RouterModelLoading_ThrowsTransientWithEstimatedTimeAsRetryAfter()
    {
        using var host = HuggingFaceTestHost.Create(o => o.DefaultEmbeddingModel = "m", new() { ["HF_TOKEN"] = HuggingFaceTestHost.Token });
        host.Expect(HttpMethod.Post, HuggingFaceTestHost.Router + "models/m/pipeline/feature-extraction", () => HuggingFaceTestHost.Json(
            """{"error":"Model m is currently loading","estimated_time":577.3751831054688}""", System.Net.HttpStatusCode.ServiceUnavailable));

        var ex = await Assert.ThrowsAsync<LlmRequestException>(() => host.Embeddings.GenerateAsync(["x"]));

        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(577.3751831054688), ex.RetryAfter);
    }

    [Fact]
    public void Registration_HasNoChatClient_RegistryNamesIt()
    {
        using var host = HuggingFaceTestHost.Create(o => o.ApiKey = HuggingFaceTestHost.Token);

        Assert.Null(host.Services.GetKeyedService<IChatClient>("huggingface"));
        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<LlmClientRegistry>().GetChatClient("huggingface"));
        Assert.Contains("has no chat client", ex.Message, StringComparison.Ordinal);
        Assert.Equal("huggingface", host.Services.GetRequiredService<LlmClientRegistry>().GetVendor("huggingface"));
        Assert.NotNull(host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void Validation_RouterWithoutToken_FailsAtStartupNamingHfToken()
    {
        using var host = HuggingFaceTestHost.Create();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<HuggingFaceOptions>>().Get("huggingface"));

        Assert.Contains("HF_TOKEN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'LlmProviders:huggingface:ApiKey'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HuggingFaceApi.Tei)]
    [InlineData(HuggingFaceApi.Endpoint)]
    public void Validation_ApiWithoutPublicUrlAndNoBaseUrl_FailsNamingBaseUrl(HuggingFaceApi api)
    {
        using var host = HuggingFaceTestHost.Create(o =>
        {
            o.Api = api;
            o.ApiKey = HuggingFaceTestHost.Token;
        });

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<HuggingFaceOptions>>().Get("huggingface"));

        Assert.Contains("'LlmProviders:huggingface:BaseUrl'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, HuggingFaceApi.Serverless)]
    [InlineData(null, "https://router.huggingface.co/hf-inference/", HuggingFaceApi.Serverless)]
    [InlineData(null, "https://api-inference.huggingface.co/", HuggingFaceApi.Serverless)]
    [InlineData(null, "https://abc.us-east-1.aws.endpoints.huggingface.cloud", HuggingFaceApi.Endpoint)]
    [InlineData(null, "http://localhost:8080/", HuggingFaceApi.Tei)]
    [InlineData(HuggingFaceApi.TeiOpenAI, "http://localhost:8080/", HuggingFaceApi.TeiOpenAI)]
    public void Resolve_InfersTheApiFromTheBaseUrl(HuggingFaceApi? api, string? baseUrl, HuggingFaceApi expected)
        => Assert.Equal(expected, HuggingFaceOptions.Resolve(api, baseUrl is null ? null : new Uri(baseUrl)));
}
