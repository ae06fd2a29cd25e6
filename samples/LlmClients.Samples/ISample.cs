namespace LlmClients.Samples;

/// <summary>One scenario; vendor-specific scenarios say which instances they apply to.</summary>
internal interface ISample
{
    string Title { get; }

    bool AppliesTo(SampleContext context);

    Task RunAsync(SampleContext context);
}
