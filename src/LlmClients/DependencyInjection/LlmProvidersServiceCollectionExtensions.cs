using LlmClients;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LLM providers from configuration and/or code.</summary>
public static class LlmProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Registers every provider instance in a configuration section. Each child section is one instance named by
    /// its key; <c>Provider</c> names the vendor (<c>OpenAI</c>, <c>DashScope</c>, <c>Zhipu</c>, <c>Qianfan</c>) and may be
    /// left out when the key is the vendor's name. A top-level <c>Default</c> names the default instance.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, usually <c>configuration.GetSection("LlmProviders")</c>.</param>
    /// <param name="configure">Optional code registrations, applied after configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">A section names an unknown vendor.</exception>
    public static LlmProvidersBuilder AddLlmProviders(this IServiceCollection services, IConfiguration configuration, Action<LlmProvidersBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddLlmProvidersCore();
        if (configuration["Default"] is { Length: > 0 } defaultName)
        {
            builder.DefaultProvider = defaultName;
        }

        foreach (var child in configuration.GetChildren())
        {
            if (!child.GetChildren().Any())
            {
                continue; // Scalars such as "Default".
            }

            var vendor = child["Provider"] ?? child.Key;
            if (!ProviderCatalog.TryGet(vendor, out var register))
            {
                throw new InvalidOperationException(
                    $"Configuration section '{child.Path}' names provider '{vendor}', which is not known. Set '{child.Path}:Provider' to one of: {string.Join(", ", ProviderCatalog.Names)}.");
            }

            register(builder, child.Key, child);
            AddConfiguredPipelines(builder, child);
        }

        configure?.Invoke(builder);
        return builder;
    }

    /// <summary>Registers provider instances in code, for example <c>AddLlmProviders(b => b.AddOpenAI("deepseek", o => ...))</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">The registrations.</param>
    /// <returns>The builder.</returns>
    public static LlmProvidersBuilder AddLlmProviders(this IServiceCollection services, Action<LlmProvidersBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddLlmProvidersCore();
        configure(builder);
        return builder;
    }

    /// <summary>
    /// Reads <c>ChatPipeline</c> / <c>EmbeddingPipeline</c> of an instance section: arrays of middleware names
    /// (<c>FunctionInvocation</c>, <c>OpenTelemetry</c>, <c>Logging</c>, <c>DistributedCache</c>), applied in order.
    /// </summary>
    private static void AddConfiguredPipelines(LlmProvidersBuilder builder, IConfigurationSection section)
    {
        foreach (var (path, name) in Steps(section.GetSection("ChatPipeline")))
        {
            builder.ConfigureChatClient(section.Key, name?.Trim().ToUpperInvariant() switch
            {
                "FUNCTIONINVOCATION" => static p => p.UseFunctionInvocation(),
                "OPENTELEMETRY" => static p => p.UseOpenTelemetry(),
                "LOGGING" => static p => p.UseLogging(),
                "DISTRIBUTEDCACHE" => static p => p.UseDistributedCache(),
                _ => throw new InvalidOperationException(
                    $"'{path}' is '{name}', which is not a chat middleware LlmClients can add from configuration: use FunctionInvocation, OpenTelemetry, Logging or DistributedCache, or call ConfigureChatClient(\"{section.Key}\", ...) in code."),
            });
        }

        foreach (var (path, name) in Steps(section.GetSection("EmbeddingPipeline")))
        {
            builder.ConfigureEmbeddingGenerator(section.Key, name?.Trim().ToUpperInvariant() switch
            {
                "OPENTELEMETRY" => static p => p.UseOpenTelemetry(),
                "LOGGING" => static p => p.UseLogging(),
                "DISTRIBUTEDCACHE" => static p => p.UseDistributedCache(),
                _ => throw new InvalidOperationException(
                    $"'{path}' is '{name}', which is not an embedding middleware LlmClients can add from configuration: use OpenTelemetry, Logging or DistributedCache, or call ConfigureEmbeddingGenerator(\"{section.Key}\", ...) in code."),
            });
        }
    }

    /// <summary>The names of a pipeline section: an array (<c>["OpenTelemetry", "Logging"]</c>), or one string of comma-separated names.</summary>
    private static IEnumerable<(string Path, string? Name)> Steps(IConfigurationSection pipeline)
    {
        if (pipeline.Value is { } scalar)
        {
            // "ChatPipeline": "FunctionInvocation" (or an environment variable) is a list of one, not nothing.
            foreach (var name in scalar.Split(',', StringSplitOptions.TrimEntries))
            {
                yield return (pipeline.Path, name);
            }

            yield break;
        }

        foreach (var step in pipeline.GetChildren())
        {
            yield return (step.Path, step.Value ?? (step.GetChildren().Any() ? "(a section, not a name)" : null));
        }
    }

    private static LlmProvidersBuilder AddLlmProvidersCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        ProviderCatalogState? state = null;
        for (int i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(ProviderCatalogState))
            {
                state = services[i].ImplementationInstance as ProviderCatalogState;
                break;
            }
        }

        if (state is null)
        {
            state = new ProviderCatalogState();
            services.AddSingleton(state);
            services.AddHttpClient();
            services.TryAddSingleton(new EnvironmentVariableReader()); // An instance: resolving it needs no constructor lookup.
            services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PipelineNamesCheck>>(new PipelineNamesValidator(state));
            services.AddOptions<PipelineNamesCheck>().ValidateOnStart();
            services.TryAddSingleton(sp => new LlmClientRegistry(sp, state));
            services.TryAddSingleton(sp => DefaultRegistry(sp).GetChatClient(DefaultName(state, chat: true)));
            services.TryAddSingleton(sp => DefaultRegistry(sp).GetEmbeddingClient(DefaultName(state, chat: false)));
            services.TryAddSingleton(sp => DefaultRegistry(sp).GetEmbeddingGenerator(DefaultName(state, chat: false)));
        }

        return new LlmProvidersBuilder(services, state);
    }

    private static LlmClientRegistry DefaultRegistry(IServiceProvider sp) => sp.GetRequiredService<LlmClientRegistry>();

    private static string DefaultName(ProviderCatalogState state, bool chat)
    {
        if (state.DefaultName is { } name)
        {
            return name;
        }

        var first = state.FirstWith(chat)
            ?? throw new InvalidOperationException(
                $"No LLM provider with {(chat ? "a chat" : "an embedding")} client is registered: add one under 'LlmProviders' in configuration or with AddLlmProviders(b => b.{ProviderCatalog.BuilderMethods}(...)).");
        return first.Name;
    }
}
