using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.Samples;

/// <summary>
/// The Microsoft.Extensions.AI way in: every configured instance is a keyed <see cref="IChatClient"/> in DI, keyed by its
/// instance name (the configuration section name). Its <c>GetService</c> tells which provider and instance it is.
/// </summary>
internal sealed class KeyedChatClientSample : ISample
{
    public string Title => "Microsoft.Extensions.AI: keyed IChatClient from DI";

    public bool AppliesTo(SampleContext context) => context.HasChat;

    public async Task RunAsync(SampleContext context)
    {
        // services.AddLlmProviders(configuration.GetSection("LlmProviders")) registered one keyed IChatClient per instance.
        IChatClient client = context.Services.GetRequiredKeyedService<IChatClient>(context.InstanceName);

        var metadata = client.GetService<ChatClientMetadata>();
        var instance = client.GetService<LlmInstanceMetadata>();
        Console.WriteLine($"  provider={metadata?.ProviderName} default model={metadata?.DefaultModelId} endpoint={metadata?.ProviderUri}");
        Console.WriteLine($"  instance={instance}");

        var response = await client.GetResponseAsync("Say hello in one short sentence.");
        Console.WriteLine(response.Text);
        Console.WriteLine($"  model={response.ModelId} finish={response.FinishReason} usage: {response.Usage.Describe()} request id={response.GetRequestId()}");
    }
}
