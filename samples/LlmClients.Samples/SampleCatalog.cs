namespace LlmClients.Samples;

/// <summary>Every scenario, in the order they run. Vendor scenarios add themselves here.</summary>
internal static class SampleCatalog
{
    public static IReadOnlyList<ISample> All { get; } =
    [
        // Microsoft.Extensions.AI first: the keyed IChatClient, tool calling, images.
        new KeyedChatClientSample(),
        new FunctionInvocationSample(),
        new VisionSample(),

        // The seed scenarios.
        new ChatSample(),
        new StreamingSample(),
        new EmbeddingSimilaritySample(),
        new OpenAIEmbeddingPrintoutSample(),
        new BatchEmbeddingProgressSample(),
        new DashScopeHelloSample(),
        new DashScopeEmbeddingsSample(),
        new DashScopeDocumentChatSample(),
        new DashScopeBatchEmbeddingSample(),
        new ZhipuSloganSample(),
        new ZhipuInteractiveChatSample(),
        new ZhipuAsyncFairyTaleSample(),
        new ZhipuEmbeddingSample(),
        new ZhipuCogViewSample(),
        new QianfanEmbeddingV1Sample(),
        new QianfanErnieStreamingSample(),
        new HuggingFaceTeiEmbeddingSample(),
        new SparkStreamingChatSample(),
        new SparkEmbeddingSimilaritySample(),

        // A fleet: two worker processes sharing one requests-per-minute quota through Redis.
        new SharedQuotaSample(),

        // Observability: the spans and metrics every instance reports.
        new TelemetrySample(),
    ];
}
