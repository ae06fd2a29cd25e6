using System.Diagnostics.CodeAnalysis;

namespace LlmClients.DependencyInjection;

/// <summary>
/// The one registration path of a vendor: named options (bound, configured in code, completed from the environment,
/// validated at startup), the keyed chat and embedding clients, the named HttpClient with retry and auth. A vendor
/// supplies only its hooks: binding, environment fallback, extra validation, error handler, clients and auth handlers.
/// </summary>
/// <typeparam name="TSelf">The vendor's registration (one stateless instance serves every registration).</typeparam>
/// <typeparam name="TOptions">The vendor's options.</typeparam>
/// <param name="vendorId">The vendor id (<c>gen_ai.provider.name</c> of the catalog entry).</param>
/// <param name="baseUrlExample">An example of a valid <see cref="LlmProviderOptions.BaseUrl"/> for messages, or null.</param>
internal abstract class ProviderRegistration<TSelf, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(string vendorId, object? baseUrlExample = null)
    where TSelf : ProviderRegistration<TSelf, TOptions>, new()
    where TOptions : LlmProviderOptions
{
    private static readonly TSelf Shared = new();

    /// <summary>Registers one instance of the vendor configured in code (the entry point of its <c>Add*</c> extension).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name.</param>
    /// <param name="configure">The code configuration, or null.</param>
    /// <returns>The builder.</returns>
    /// <remarks>No configuration type in its path: an app that configures in code never loads the configuration assemblies.</remarks>
    public static LlmProvidersBuilder Add(LlmProvidersBuilder builder, string name, Action<TOptions>? configure)
        => Shared.Register(builder, name, configPath: null, bind: null, configure);

    /// <summary>Registers one instance of the vendor from a configuration section (the entry point of its catalog entry).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">The code configuration, or null.</param>
    /// <returns>The builder.</returns>
    public static LlmProvidersBuilder Add(LlmProvidersBuilder builder, string name, IConfigurationSection section, Action<TOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Shared.Register(builder, name, section.Path, options => Shared.Bind(options, section), configure);
    }

    /// <summary>Registers one instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name.</param>
    /// <param name="configPath">The configuration path of the instance, or null when it is configured in code.</param>
    /// <param name="bind">Binds the instance's configuration section, or null.</param>
    /// <param name="configure">The code configuration, or null.</param>
    /// <returns>The builder.</returns>
    private LlmProvidersBuilder Register(LlmProvidersBuilder builder, string name, string? configPath, Action<OptionsBuilder<TOptions>>? bind, Action<TOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProviderOptions(name, configPath, bind, configure, path => new Validator(this, name, path), environment => new EnvironmentFallback(this, name, environment));
        AddServices(builder, name);
        var http = builder.AddProvider(
            new ProviderDescriptor(
                name,
                vendorId,
                HasChatClient ? sp => CreateChatClient(sp, name, Get(sp, name)) : null,
                sp => CreateEmbeddingClient(sp, name, Get(sp, name)),
                sp => InstanceTelemetryOf(name, Get(sp, name))),
            sp => Get(sp, name).Resilience,
            sp => Errors(Get(sp, name)),
            sp => Get(sp, name).Limits);
        AddAuthHandlers(http, name);
        return builder;
    }

    /// <summary>Gets an example of a valid <see cref="LlmProviderOptions.BaseUrl"/> for messages, or null.</summary>
    private object? BaseUrlExample => baseUrlExample;

    /// <summary>Gets the current options of an instance.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The instance name.</param>
    /// <returns>The options.</returns>
    internal static TOptions Get(IServiceProvider services, string name) => services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);

    /// <summary>Binds the section; the vendor writes <c>o.Bind(s)</c> so the configuration binding generator sees the concrete type.</summary>
    protected abstract void Bind(OptionsBuilder<TOptions> options, IConfigurationSection section);

    /// <summary>
    /// Gets the provider the instance really talks to, as <c>gen_ai.provider.name</c> names it. The default is
    /// vendor id; the OpenAI-compatible registration returns what the instance configures (<c>deepseek</c>...).
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The provider name.</returns>
    protected virtual string ProviderName(TOptions options) => vendorId;

    /// <summary>Gets the telemetry settings of an instance with these options.</summary>
    /// <param name="name">The instance name.</param>
    /// <param name="options">The options.</param>
    /// <returns>The settings.</returns>
    protected Telemetry.InstanceTelemetry InstanceTelemetryOf(string name, TOptions options) => Telemetry.InstanceTelemetry.From(name, ProviderName(options), options.Telemetry);

    /// <summary>Gets the shared, stateless error handler of an instance with these options.</summary>
    protected abstract VendorErrorMapper Errors(TOptions options);

    /// <summary>
    /// Gets whether the vendor has a chat client. When false (an embeddings-only vendor), no keyed <see cref="IChatClient"/> is
    /// registered for its instances, <see cref="CreateChatClient"/> is never called, the unkeyed default chat client skips
    /// them, and <c>LlmClientRegistry.GetChatClient</c> says the instance has none. The default is true.
    /// </summary>
    protected virtual bool HasChatClient => true;

    /// <summary>Creates the vendor chat client (only called when <see cref="HasChatClient"/> is true).</summary>
    protected abstract IChatClient CreateChatClient(IServiceProvider services, string name, TOptions options);

    /// <summary>Creates the vendor embedding client.</summary>
    protected abstract IEmbeddingClient CreateEmbeddingClient(IServiceProvider services, string name, TOptions options);

    /// <summary>Adds the auth handler(s) after the retry handler.</summary>
    protected abstract void AddAuthHandlers(IHttpClientBuilder http, string name);

    /// <summary>Registers vendor-only services (file, task or token clients). None by default.</summary>
    protected virtual void AddServices(LlmProvidersBuilder builder, string name)
    {
    }

    /// <summary>Fills unset settings from environment variables. Nothing by default.</summary>
    protected virtual void ApplyEnvironment(TOptions options, EnvironmentVariableReader environment)
    {
    }

    /// <summary>
    /// Returns the secrets of an instance, masked by value in every message: the API key and the values of headers whose
    /// name says they carry a credential. Vendors add their own (a secret key, the secret half of a key).
    /// </summary>
    /// <param name="options">The final options.</param>
    /// <returns>The secret values.</returns>
    protected virtual IEnumerable<string?> Secrets(TOptions options)
    {
        List<string?> secrets = [options.ApiKey];
        foreach (var (header, value) in options.Headers ?? [])
        {
            if (header.Contains("auth", StringComparison.OrdinalIgnoreCase) || header.Contains("key", StringComparison.OrdinalIgnoreCase)
                || header.Contains("token", StringComparison.OrdinalIgnoreCase) || header.Contains("secret", StringComparison.OrdinalIgnoreCase))
            {
                secrets.Add(value);
            }
        }

        return secrets;
    }

    /// <summary>Adds the vendor's own failures (credentials first); the common settings are checked after it.</summary>
    protected abstract void Validate(TOptions options, OptionsFailures failures);

    /// <summary>Creates the transport of an instance, with the shared error handler and its resilience settings.</summary>
    protected LlmHttpTransport Transport(IServiceProvider services, string name, TOptions options)
        => LlmProvidersBuilder.CreateTransport(services, name, Errors(options), options.Resilience, InstanceTelemetryOf(name, options));

    private sealed class EnvironmentFallback(ProviderRegistration<TSelf, TOptions> vendor, string name, EnvironmentVariableReader environment) : IPostConfigureOptions<TOptions>
    {
        public void PostConfigure(string? optionsName, TOptions options)
        {
            if (optionsName == name)
            {
                vendor.ApplyEnvironment(options, environment);

                // The configuration is final here: its secrets are masked by value in every message from now on.
                Redaction.Remember(options, vendor.Secrets(options));
            }
        }
    }

    private sealed class Validator(ProviderRegistration<TSelf, TOptions> vendor, string name, string configPath) : IValidateOptions<TOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = new OptionsFailures(name, configPath);
            vendor.Validate(options, failures);
            failures.RequireAbsoluteUrl("BaseUrl", options.BaseUrl, vendor.BaseUrlExample);
            failures.RequireAtLeastOne("MaxEmbeddingBatchSize", options.MaxEmbeddingBatchSize);
            failures.RequireAtLeastOne("EmbeddingParallelism", options.EmbeddingParallelism);
            failures.RequireSingleLine("ApiKey", options.ApiKey);
            if (options.Headers is null)
            {
                failures.Add($"Headers is null. Remove the null value of {failures.Key("Headers")}.");
            }
            else
            {
                foreach (var (header, value) in options.Headers)
                {
                    failures.RequireSingleLine($"Headers:{header}", header);
                    failures.RequireSingleLine($"Headers:{header}", value);
                }
            }

            failures.RequireValidResilience(options.Resilience);
            failures.RequireValidLimits(options.Limits);
            if (options.Telemetry is null)
            {
                failures.Add($"Telemetry is null. Remove the null value of {failures.Key("Telemetry")}.");
            }

            return failures.Result;
        }
    }
}
