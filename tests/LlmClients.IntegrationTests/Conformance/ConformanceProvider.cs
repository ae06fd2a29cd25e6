using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Conformance;

/// <summary>
/// What a conformance class needs to know about one provider flavour: how to register it against the emulator, and the
/// per-vendor facts the shared assertions depend on. Shared by the chat and embedding subclasses of the flavour.
/// </summary>
internal sealed record ConformanceProvider
{
    /// <summary>Gets the expected <see cref="ChatClientMetadata.ProviderName"/>, also the expected <see cref="LlmRequestException.Provider"/>.</summary>
    public required string ProviderName { get; init; }

    /// <summary>Gets the registration: <c>services.AddLlmProviders(b => Register(b, emulator))</c>, with tiny retry delays.</summary>
    public required Action<LlmProvidersBuilder, LlmEmulator> Register { get; init; }

    /// <summary>Gets the model whose name the emulator echoes in the chat reply (for Qianfan v1, the endpoint name).</summary>
    public required string ReplyModel { get; init; }

    /// <summary>Gets a path fragment of the chat route, for fault scripts and request counts.</summary>
    public required string ChatPath { get; init; }

    /// <summary>Gets a path fragment of the embedding route.</summary>
    public required string EmbeddingPath { get; init; }

    /// <summary>Gets the size of the vectors the emulator returns for the default embedding model.</summary>
    public required int EmbeddingDimensions { get; init; }

    /// <summary>Gets the most texts the vendor embeds per request (three fit in one batch everywhere else).</summary>
    public int TextsPerEmbeddingRequest { get; init; } = int.MaxValue;

    /// <summary>Gets the configured credentials, none of which may appear in an exception's text.</summary>
    public required IReadOnlyList<string> Secrets { get; init; }

    /// <summary>Starts a service provider with this flavour registered (unkeyed default) against <paramref name="emulator"/>.</summary>
    public ServiceProvider BuildServices(LlmEmulator emulator)
    {
        var services = new ServiceCollection();
        services.AddLlmProviders(b => Register(b, emulator));
        return services.BuildServiceProvider();
    }
}
