using System.Diagnostics.CodeAnalysis;
using System.Net;
using LlmClients;
using LlmClients.Resilience;
using LlmClients.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
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
    internal IHttpClientBuilder AddProvider(ProviderDescriptor descriptor, Func<IServiceProvider, LlmResilienceOptions> resilience, Func<IServiceProvider, VendorErrorMapper> errors, Func<IServiceProvider, LlmRateLimitOptions>? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(descriptor.Name, "name");
        State.Add(descriptor);
        var name = descriptor.Name;
        if (descriptor.CreateChatClient is not null)
        {
            // The keyed IChatClient is the instance's pipeline (ConfigureChatClient), over our vendor client; the registry
            // makes it once per container, for this key and for the default IChatClient alike.
            Services.AddKeyedSingleton<IChatClient>(name, (sp, _) => sp.GetRequiredService<LlmClientRegistry>().ChatClientOf(descriptor));
        }

        if (descriptor.CreateEmbeddingClient is { } embeddings)
        {
            var state = State;
            // The keyed IEmbeddingClient is the vendor client inside the instance layer (GenAI telemetry, instance name on
            // errors); the keyed generator is the instance's pipeline (ConfigureEmbeddingGenerator) over the same vendor client.
            Services.AddKeyedSingleton<IEmbeddingClient>(name, (sp, _) => Instrument(embeddings(sp), descriptor.GetTelemetry(sp), sp));
            Services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
                name,
                (sp, key) => BuildEmbeddingPipeline(state, name, sp.GetRequiredKeyedService<IEmbeddingClient>(key), sp));
        }

        // The instance's limiters live as long as the container (the HTTP handlers are pooled and replaced); the per-minute
        // counts live in the quota store: this process's memory unless UseRedis(...) registered a shared one.
        Services.TryAddSingleton<LlmQuotaStore, InProcessQuotaStore>();
        Services.AddKeyedSingleton(name, (sp, _) => new InstanceRateLimits(
            limits?.Invoke(sp) ?? new LlmRateLimitOptions(),
            sp.GetRequiredService<LlmQuotaStore>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            descriptor.GetTelemetry(sp),
            sp.GetService<ILoggerFactory>()?.CreateLogger(Log.CallCategory)));

        // One options action, not one extension call per handler: the same chain, with a fraction of the delegates to jit.
        var http = ConfigureOwnClient(Services.AddHttpClient(GetHttpClientName(name)));
        Services.Configure<HttpClientFactoryOptions>(http.Name, options => options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            builder.PrimaryHandler = new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
            };
            var sp = builder.Services;

            // Once per call, before the retries: every attempt carries the same User-Agent.
            builder.AdditionalHandlers.Add(new UserAgentHandler());

            // Once per call, before the retries: a retried attempt reuses the permit; a stream holds it until it ends. An
            // instance without limits (the default) has no such handler: it would only pass each request on.
            if (limits?.Invoke(sp) is { Any: true })
            {
                builder.AdditionalHandlers.Add(new RateLimitHandler(sp.GetRequiredKeyedService<InstanceRateLimits>(name)));
            }

            builder.AdditionalHandlers.Add(new LlmRetryHandler(
                resilience(sp),
                errors(sp),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetService<ILoggerFactory>()?.CreateLogger(Log.RetryCategory),
                descriptor.GetTelemetry(sp)));
        }));
        return http;
    }

    /// <summary>
    /// Applies what every named client of ours needs, the vendor chat client and side clients (a token exchange) alike:
    /// an infinite <see cref="HttpClient.Timeout"/> (our own budgets apply), no request logging by the factory (it would
    /// print URLs, and some carry a token in the query), no resilience handler a host adds to every client
    /// (<c>ConfigureHttpClientDefaults(b =&gt; b.AddStandardResilienceHandler())</c>: its retries would nest inside ours and
    /// its 10-second attempt timeout would cut and re-POST a slow LLM call), and no automatic redirects on whatever primary
    /// handler ends up in place (a redirect would carry a query token or the request body to another host; the transport
    /// reports a 3xx as an error naming the Location host).
    /// </summary>
    /// <param name="http">The named client builder.</param>
    /// <returns>The same builder.</returns>
    internal static IHttpClientBuilder ConfigureOwnClient(IHttpClientBuilder http)
    {
        http.Services.Configure<HttpClientFactoryOptions>(http.Name, static options =>
        {
            options.HttpClientActions.Add(static client => client.Timeout = Timeout.InfiniteTimeSpan);

            // What RemoveAllResilienceHandlers() of Microsoft.Extensions.Http.Resilience does (drop every ResilienceHandler
            // from the chain), without loading that assembly into an app that never adds such a handler.
            options.HttpMessageHandlerBuilderActions.Add(static builder =>
            {
                var handlers = builder.AdditionalHandlers;
                for (int i = handlers.Count - 1; i >= 0; i--)
                {
                    if (IsResilienceHandler(handlers[i]))
                    {
                        handlers.RemoveAt(i);
                    }
                }
            });
        });
        http.Services.PostConfigure<HttpClientFactoryOptions>(http.Name, static options =>
        {
            // A host may turn the factory's request logging back on for this client (AddHttpClient(name).AddDefaultLogger())
            // with its own redaction list (RedactLoggedHeaders(["X-Tenant"])), which replaces the factory's redact-everything
            // default: at Trace the logger then prints every request header, our Authorization: Bearer <key> included. Runs
            // after every Configure, so credential headers stay redacted whatever list the host set.
            var hostRule = options.ShouldRedactHeaderValue;
            options.ShouldRedactHeaderValue = header => IsCredentialHeader(header) || hostRule(header);
            options.HttpMessageHandlerBuilderActions.Add(static builder => DisableRedirects(builder));
        });
        return http.RemoveAllLoggers();
    }

    /// <summary>
    /// Gets whether a header can carry a credential: <c>Authorization</c> (our bearer keys, Zhipu JWTs, Qianfan BCE signatures),
    /// <c>Proxy-Authorization</c>, cookies, or any name mentioning a key, token, secret, signature or auth (a host's own
    /// <c>api-key</c> or <c>X-Auth-Token</c> through <c>ExtraHeaders</c>).
    /// </summary>
    private static bool IsCredentialHeader(string header)
        => header.Contains("auth", StringComparison.OrdinalIgnoreCase)
           || header.Contains("key", StringComparison.OrdinalIgnoreCase)
           || header.Contains("token", StringComparison.OrdinalIgnoreCase)
           || header.Contains("secret", StringComparison.OrdinalIgnoreCase)
           || header.Contains("signature", StringComparison.OrdinalIgnoreCase)
           || header.Contains("cookie", StringComparison.OrdinalIgnoreCase);

    // Runs after every other builder action, so it also covers a primary handler the host swapped in.
    private static void DisableRedirects(HttpMessageHandlerBuilder builder)
    {
        switch (builder.PrimaryHandler)
        {
            case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                sockets.AllowAutoRedirect = false;
                break;
            case HttpClientHandler { AllowAutoRedirect: true } handler:
                handler.AllowAutoRedirect = false;
                break;
        }
    }

    /// <summary>
    /// Gets whether a handler is a <see cref="Microsoft.Extensions.Http.Resilience.ResilienceHandler"/> (the standard,
    /// hedging or a custom resilience handler). Only a handler whose type, or a base type, lives in the resilience namespace is
    /// tested against the type itself: a chain without one never needs the resilience assembly loaded.
    /// </summary>
    private static bool IsResilienceHandler(DelegatingHandler handler)
    {
        for (var type = handler.GetType(); type is not null; type = type.BaseType)
        {
            if (type.Namespace == "Microsoft.Extensions.Http.Resilience")
            {
                return IsResilienceHandlerType(handler);
            }
        }

        return false;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool IsResilienceHandlerType(DelegatingHandler handler) => handler is Microsoft.Extensions.Http.Resilience.ResilienceHandler;

    /// <summary>
    /// Wraps the chat client of instance <paramref name="instanceName"/> in Microsoft.Extensions.AI middleware, in one line:
    /// <c>b.ConfigureChatClient("deepseek", p =&gt; p.UseFunctionInvocation().UseOpenTelemetry())</c>. The keyed
    /// <see cref="IChatClient"/> of the instance (and the default one, when it is the default instance) is then the built
    /// pipeline; <c>GetService</c> on it still finds <see cref="ChatClientMetadata"/>, <see cref="LlmInstanceMetadata"/> and the
    /// vendor-only clients. Steps run in the order added; call it again to add more. Steps that need services (a distributed
    /// cache, a logger factory) take them from the container.
    /// </summary>
    /// <param name="instanceName">The instance name (as given to <c>AddOpenAI</c>/<c>AddDashScope</c>... or the configuration section name).</param>
    /// <param name="configure">Adds middleware to the builder, e.g. <c>p =&gt; p.UseFunctionInvocation()</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceName"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is null.</exception>
    public LlmProvidersBuilder ConfigureChatClient(string instanceName, Action<ChatClientBuilder> configure)
        => AddPipelineStep(State.ChatPipelines, instanceName, configure);

    /// <summary>
    /// Wraps the embedding generator of instance <paramref name="instanceName"/> in Microsoft.Extensions.AI middleware
    /// (<c>p =&gt; p.UseOpenTelemetry().UseDistributedCache()</c>). The keyed
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of the instance is then the built pipeline; the keyed
    /// <see cref="IEmbeddingClient"/> stays the bare vendor client.
    /// </summary>
    /// <param name="instanceName">The instance name.</param>
    /// <param name="configure">Adds middleware to the builder.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceName"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is null.</exception>
    public LlmProvidersBuilder ConfigureEmbeddingGenerator(string instanceName, Action<EmbeddingGeneratorBuilder<string, Embedding<float>>> configure)
        => AddPipelineStep(State.EmbeddingPipelines, instanceName, configure);

    /// <summary>Makes the chat client of an instance: its pipeline over the instance layer over the vendor client.</summary>
    internal static IChatClient CreateChatPipeline(ProviderCatalogState state, ProviderDescriptor descriptor, IServiceProvider services)
        => BuildChatPipeline(state, descriptor.Name, Instrument(descriptor.CreateChatClient!(services), descriptor.GetTelemetry(services), services), services);

    internal static IChatClient BuildChatPipeline(ProviderCatalogState state, string name, IChatClient inner, IServiceProvider services)
        => state.HasPipelines ? BuildChatPipelineSteps(state, name, inner, services) : inner;

    internal static IEmbeddingGenerator<string, Embedding<float>> BuildEmbeddingPipeline(ProviderCatalogState state, string name, IEmbeddingClient inner, IServiceProvider services)
        => state.HasPipelines ? BuildEmbeddingPipelineSteps(state, name, inner, services) : inner;

    private static IChatClient BuildChatPipelineSteps(ProviderCatalogState state, string name, IChatClient inner, IServiceProvider services)
    {
        state.ThrowIfPipelineNamesUnknown();
        if (!state.ChatPipelines.TryGetValue(name, out var steps) || steps.Count == 0)
        {
            return inner;
        }

        var builder = new ChatClientBuilder(inner);
        foreach (var step in steps)
        {
            step(builder);
        }

        var pipeline = builder.Build(services);
        if (inner is InstanceChatClient instance && instance.GenAi is { } genAi
            && pipeline.GetService<OpenTelemetryChatClient>() is { } outer && !ReferenceEquals(outer, genAi))
        {
            // The pipeline has its own UseOpenTelemetry(): the default layer steps aside, so no call is reported twice.
            instance.BypassGenAi = true;
        }

        return pipeline;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> BuildEmbeddingPipelineSteps(ProviderCatalogState state, string name, IEmbeddingClient inner, IServiceProvider services)
    {
        state.ThrowIfPipelineNamesUnknown();
        if (!state.EmbeddingPipelines.TryGetValue(name, out var steps) || steps.Count == 0)
        {
            return inner;
        }

        // A layer of its own over the same vendor client: when the pipeline has its own UseOpenTelemetry(), this one's
        // default GenAI layer steps aside while the keyed IEmbeddingClient keeps reporting.
        var layer = inner is InstanceEmbeddingClient shared
            ? new InstanceEmbeddingClient(shared.Vendor, shared.Instance, services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetService<ILoggerFactory>())
            : null;
        var builder = new EmbeddingGeneratorBuilder<string, Embedding<float>>(layer ?? (IEmbeddingGenerator<string, Embedding<float>>)inner);
        foreach (var step in steps)
        {
            step(builder);
        }

        var pipeline = builder.Build(services);
        if (layer?.GenAi is { } genAi
            && pipeline.GetService<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>() is { } outer && !ReferenceEquals(outer, genAi))
        {
            layer.BypassGenAi = true;
        }

        return pipeline;
    }

    /// <summary>Puts the instance layer (<see cref="InstanceChatClient"/>) around a vendor chat client.</summary>
    internal static IChatClient Instrument(IChatClient vendor, InstanceTelemetry instance, IServiceProvider services)
        => new InstanceChatClient(vendor, instance, services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetService<ILoggerFactory>());

    /// <summary>Puts the instance layer (<see cref="InstanceEmbeddingClient"/>) around a vendor embedding client.</summary>
    internal static IEmbeddingClient Instrument(IEmbeddingClient vendor, InstanceTelemetry instance, IServiceProvider services)
        => new InstanceEmbeddingClient(vendor, instance, services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetService<ILoggerFactory>());

    /// <summary>
    /// Registers a vendor's named options: bound from the instance's configuration section (<paramref name="bind"/>: the vendor
    /// writes <c>o.Bind(s)</c> so the configuration binding source generator sees the concrete type), configured in code,
    /// completed from environment variables, and validated at startup with messages that name the configuration key
    /// (<paramref name="configPath"/>, or <c>LlmProviders:name</c> for an instance configured in code).
    /// </summary>
    internal void AddProviderOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        string name,
        string? configPath,
        Action<OptionsBuilder<TOptions>>? bind,
        Action<TOptions>? configure,
        Func<string, IValidateOptions<TOptions>> validator,
        Func<EnvironmentVariableReader, IPostConfigureOptions<TOptions>> environmentFallback)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = Services.AddOptions<TOptions>(name);
        bind?.Invoke(options);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        Services.AddSingleton(sp => environmentFallback(sp.GetRequiredService<EnvironmentVariableReader>()));
        Services.AddSingleton(validator(configPath ?? $"LlmProviders:{name}"));
        options.ValidateOnStart();
    }

    /// <summary>Creates the transport an adapter uses, for the named instance.</summary>
    internal static LlmHttpTransport CreateTransport(IServiceProvider services, string name, VendorErrorMapper errors, LlmResilienceOptions resilience, InstanceTelemetry? instance = null)
        => new(
            services.GetRequiredService<IHttpClientFactory>(),
            GetHttpClientName(name),
            errors,
            resilience,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>()?.CreateLogger(Log.HttpCategory))
        {
            Instance = instance ?? new InstanceTelemetry(name, errors.ProviderName),
        };

    private LlmProvidersBuilder AddPipelineStep<TStep>(Dictionary<string, List<TStep>> pipelines, string instanceName, TStep configure)
        where TStep : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceName);
        ArgumentNullException.ThrowIfNull(configure);
        if (!pipelines.TryGetValue(instanceName, out var steps))
        {
            pipelines[instanceName] = steps = [];
        }

        steps.Add(configure);
        return this;
    }
}
