using System.Net;
using LlmClients;
using LlmClients.DependencyInjection;
using LlmClients.Http;
using LlmClients.Resilience;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers named LLM provider instances; returned by <c>AddLlmProviders()</c>. Vendors add <c>AddOpenAI</c>, <c>AddDashScope</c>... on it.</summary>
public sealed class LlmProvidersBuilder
{
    internal LlmProvidersBuilder(IServiceCollection services, ProviderCatalogState state)
    {
        Services = services;
        State = state;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets or sets the instance behind the unkeyed <see cref="IChatClient"/> / <see cref="IEmbeddingClient"/>. The default is the first registered.</summary>
    public string? DefaultProvider
    {
        get => State.DefaultName;
        set => State.DefaultName = value;
    }

    internal ProviderCatalogState State { get; }

    /// <summary>Gets the name of the <see cref="HttpClient"/> an instance uses, to customize it (proxy, primary handler, emulator).</summary>
    /// <param name="instanceName">The provider instance name.</param>
    /// <returns>The HttpClient name.</returns>
    public static string GetHttpClientName(string instanceName) => "LlmClients." + instanceName;

    /// <summary>
    /// Registers one provider instance: its named HttpClient (infinite HttpClient.Timeout, automatic gzip, then our retry
    /// handler; the vendor adds its auth handler after it), its keyed clients, and its catalog entry.
    /// </summary>
    internal IHttpClientBuilder AddProvider(ProviderDescriptor descriptor, Func<IServiceProvider, LlmResilienceOptions> resilience, Func<IServiceProvider, VendorErrorHandler> errors)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(descriptor.Name, "name");
        State.Add(descriptor);
        var name = descriptor.Name;
        if (descriptor.CreateChatClient is { } chat)
        {
            Services.AddKeyedSingleton<IChatClient>(name, (sp, _) => chat(sp));
        }

        if (descriptor.CreateEmbeddingClient is { } embeddings)
        {
            Services.AddKeyedSingleton<IEmbeddingClient>(name, (sp, _) => embeddings(sp));
        }

        return Services.AddHttpClient(GetHttpClientName(name))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)

            // The factory's own request logging would print URLs, and Qianfan's carry the access token in the query.
            // Our transport and retry handler log every call with the URL redacted instead.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler(sp => new LlmRetryHandler(
                resilience(sp),
                errors(sp),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetService<ILoggerFactory>()?.CreateLogger("LlmClients.Retry")));
    }

    /// <summary>Creates the transport an adapter uses, for the named instance.</summary>
    internal static LlmHttpTransport CreateTransport(IServiceProvider services, string name, VendorErrorHandler errors, LlmResilienceOptions resilience)
        => new(
            services.GetRequiredService<IHttpClientFactory>(),
            GetHttpClientName(name),
            errors,
            resilience,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>()?.CreateLogger("LlmClients.Http"));
}
