// LlmClients samples: chat, streaming and embeddings against every configured provider.
// With no API keys in the environment, the built-in loopback emulator plays every vendor, and the first line says so.
using LlmClients;
using LlmClients.Samples;
using LlmClients.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

if (args is [SharedQuotaSample.WorkerCommand, .. var workerArgs])
{
    // One of the two worker processes the shared-quota sample starts.
    return await SharedQuotaSample.RunWorkerAsync(workerArgs);
}

await using var emulator = SampleSetup.HasAnyApiKey() ? null : await LlmEmulator.StartAsync();
if (emulator is not null)
{
    // Emulated batch jobs run 1000 times faster than the vendors' (a batch takes about 0.7 s instead of 12 minutes).
    emulator.Batches.TimeScale = 0.001;
}

Console.WriteLine(emulator is null
    ? "API keys found: calling the real services."
    : $"No API keys set: running every sample against the built-in LlmClients emulator at {emulator.BaseUri} (set OPENAI_API_KEY, DASHSCOPE_API_KEY, ZHIPUAI_API_KEY, QIANFAN_AK/QIANFAN_SK, HF_TEI_URL or HF_TOKEN to call the real services).");

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(emulator is null ? SampleSetup.RealSettings() : SampleSetup.EmulatorSettings(emulator))
    .AddJsonFile("appsettings.json", optional: true)
    .Build();

var services = new ServiceCollection();
services.AddLlmProviders(configuration.GetSection("LlmProviders"));
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var registry = provider.GetRequiredService<LlmClientRegistry>();

int failures = 0;
foreach (var name in registry.Names)
{
    var context = new SampleContext(provider, registry, name, registry.GetVendor(name));
    foreach (var sample in SampleCatalog.All.Where(s => s.AppliesTo(context)))
    {
        Console.WriteLine();
        Console.WriteLine($"=== [{name}] {sample.Title} ===");
        try
        {
            await sample.RunAsync(context);
        }
        catch (LlmRequestException ex)
        {
            failures++;
            Console.WriteLine($"!! {ex.Message} (kind {ex.Kind}, transient {ex.IsTransient})");
        }
    }
}

return failures == 0 ? 0 : 1;
