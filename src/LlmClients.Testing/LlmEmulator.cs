using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmClients.Testing;

/// <summary>
/// An emulator of LLM vendor HTTP APIs (OpenAI, DashScope native and compatible, Zhipu, Qianfan v1 and v2) with deterministic
/// replies (<see cref="EmulatorReplies"/>), fault injection (<see cref="Faults"/>, the <c>x-emulator-fault</c> header) and a request log.
/// It runs on a real loopback port (<see cref="StartAsync"/>) or in-process (<see cref="CreateInProcessAsync"/>).
/// Each vendor has one property (<c>OpenAI</c>, <c>DashScope</c>, <c>Zhipu</c>, <c>Qianfan</c>), declared in a part of this
/// class in the vendor's folder (<c>&lt;Vendor&gt;/LlmEmulator.&lt;Vendor&gt;.cs</c>), with its base URL(s), its controls and
/// its share of the request log; the fault script is one for all vendors.
/// Every vendor answers tools alike, so a tool loop runs end to end: a user message mentioning "weather"/"天气" (or a
/// <c>tool_choice</c> that requires a function) gets a call with <c>{"location":prompt}</c>, and a tool result gets a text answer
/// echoing that result; a <c>json_schema</c> <c>response_format</c> gets JSON built from the schema (<see cref="EmulatorReplies.JsonSchemaText"/>).
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await LlmEmulator.StartAsync();
/// var options = new OpenAIOptions { BaseUrl = emulator.OpenAI.BaseUri, ApiKey = "test" };
/// emulator.Faults.Enqueue(EmulatorFault.FailTimes(2), "chat/completions");
/// emulator.Qianfan.ExpireAllTokens();
/// int chats = emulator.OpenAI.Requests.CountMatching("chat/completions");
/// </code>
/// </example>
public sealed partial class LlmEmulator : IAsyncDisposable
{
    /// <summary>
    /// The request header that injects a fault into that request only, for example <c>x-emulator-fault: status=429;retry-after=2</c>.
    /// See <see cref="EmulatorFault"/> for the spec syntax.
    /// </summary>
    public const string FaultHeader = "x-emulator-fault";

    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly TestServer? _testServer;

    private LlmEmulator(WebApplication app, EmulatorState state, Uri baseUri, TestServer? testServer)
    {
        _app = app;
        _state = state;
        _testServer = testServer;
        state.BaseUri = baseUri;
    }

    /// <summary>
    /// Gets the root address of the emulator, ending with <c>/</c>, for example <c>http://127.0.0.1:54321/</c>
    /// (<c>http://localhost/</c> in-process).
    /// </summary>
    public Uri BaseUri => _state.BaseUri;

    /// <summary>
    /// Gets a value indicating whether the emulator runs in-process on a test server rather than on a loopback socket.
    /// </summary>
    public bool IsInProcess => _testServer is not null;

    /// <summary>
    /// Gets the fault script, one for every vendor: faults queued here apply, in order, to the next matching requests of any vendor route.
    /// Fault delays (<see cref="EmulatorFault.SlowFirstByte"/>, <see cref="EmulatorFault.IdleStream"/>) run on <see cref="LlmEmulatorOptions.TimeProvider"/>.
    /// </summary>
    public EmulatorFaultScript Faults => _state.Faults;

    /// <summary>
    /// Gets the log of every request received, with method, path, query, headers, body and time.
    /// </summary>
    public EmulatorRequestLog Requests => _state.Requests;

    /// <summary>
    /// Starts an emulator on a free port of <c>127.0.0.1</c> using Kestrel.
    /// </summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token that cancels the start.</param>
    /// <returns>The running emulator, its <see cref="BaseUri"/> <c>http://127.0.0.1:{port}/</c>; dispose it to stop it.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the server started.</exception>
    /// <exception cref="IOException">Kestrel could not bind a loopback port.</exception>
    public static async Task<LlmEmulator> StartAsync(LlmEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var state = new EmulatorState(options ?? new LlmEmulatorOptions());
        var builder = CreateBuilder(state);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = Build(builder, state);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LlmEmulator(app, state, new Uri(address.TrimEnd('/') + "/"), testServer: null);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates an emulator that runs in-process on <see cref="TestServer"/>; reach it through <see cref="CreateHandler"/> or <see cref="CreateClient"/>.
    /// </summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token that cancels the start.</param>
    /// <returns>The running emulator (no socket: plain <see cref="HttpClient"/>s cannot reach it); dispose it to stop it.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the server started.</exception>
    public static async Task<LlmEmulator> CreateInProcessAsync(LlmEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var state = new EmulatorState(options ?? new LlmEmulatorOptions());
        var builder = CreateBuilder(state);
        builder.WebHost.UseTestServer();
        var app = Build(builder, state);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var server = app.GetTestServer();
            return new LlmEmulator(app, state, server.BaseAddress, server);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Counts the requests received so far whose path contains <paramref name="pathContains"/> (ordinal, case-insensitive).
    /// </summary>
    /// <param name="pathContains">A path fragment, for example <c>"embeddings"</c>.</param>
    /// <returns>The number of matching requests.</returns>
    public int RequestCount(string pathContains) => _state.Requests.CountMatching(pathContains);

    /// <summary>
    /// Creates a handler that reaches the emulator: the in-process test server's handler, or a new socket handler.
    /// In-process, a connection reset surfaces as <see cref="HttpRequestException"/>, as it does over a socket.
    /// </summary>
    /// <returns>A new handler; the caller owns it.</returns>
    public HttpMessageHandler CreateHandler() =>
        _testServer is null ? new SocketsHttpHandler() : new InProcessResetHandler(_testServer.CreateHandler());

    /// <summary>
    /// Creates an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is <see cref="BaseUri"/>.
    /// </summary>
    /// <returns>A new client; the caller owns it.</returns>
    public HttpClient CreateClient() => new(CreateHandler(), disposeHandler: true) { BaseAddress = BaseUri };

    /// <summary>
    /// Stops the emulator and releases its resources.
    /// </summary>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplicationBuilder CreateBuilder(EmulatorState state)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LlmEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        state.Options.ConfigureLogging?.Invoke(builder.Logging);
        return builder;
    }

    private static WebApplication Build(WebApplicationBuilder builder, EmulatorState state)
    {
        var app = builder.Build();
        app.UseRouting();
        app.Use(next => EmulatorMiddleware.Create(next, state));
        EmulatorRouteModules.MapAll(app, state);
        return app;
    }
}
