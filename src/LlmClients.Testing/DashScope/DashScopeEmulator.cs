namespace LlmClients.Testing.DashScope;

/// <summary>
/// The DashScope part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.DashScope"/>): the native API under
/// <see cref="BaseUri"/> and compatible mode (OpenAI-shaped chat, embeddings and the Files API) under <see cref="CompatibleBaseUri"/>.
/// Faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class DashScopeEmulator
{
    /// <summary>The path the native routes live under.</summary>
    internal const string NativePrefix = "/api/v1";

    /// <summary>The path the compatible-mode routes live under.</summary>
    internal const string CompatiblePrefix = "/compatible-mode/v1";

    private readonly EmulatorState _state;
    private int _streamQuirks;

    internal DashScopeEmulator(EmulatorState state)
    {
        _state = state;
        Requests = state.Requests.For(NativePrefix + "/", CompatiblePrefix + "/");
    }

    /// <summary>Gets the emulator's DashScope part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one DashScope part of that emulator.</returns>
    internal static DashScopeEmulator Of(EmulatorState state) => state.Part(static s => new DashScopeEmulator(s));

    /// <summary>Gets the native base URL to configure (<c>DashScopeOptions.BaseUrl</c>): <see cref="LlmEmulator.BaseUri"/> + <c>api/v1/</c>.</summary>
    public Uri BaseUri => new(_state.BaseUri, "api/v1/");

    /// <summary>Gets the compatible-mode base URL: <see cref="LlmEmulator.BaseUri"/> + <c>compatible-mode/v1/</c>.</summary>
    public Uri CompatibleBaseUri => new(_state.BaseUri, "compatible-mode/v1/");

    /// <summary>Gets the requests the DashScope routes (both modes) received (a view of <see cref="LlmEmulator.Requests"/>).</summary>
    public EmulatorRequestLog Requests { get; }

    /// <summary>
    /// Gets or sets the transport quirks of the native streams started from now on. Defaults to <see cref="DashScopeStreamQuirks.None"/>.
    /// </summary>
    public DashScopeStreamQuirks StreamQuirks
    {
        get => (DashScopeStreamQuirks)Volatile.Read(ref _streamQuirks);
        set => Volatile.Write(ref _streamQuirks, (int)value);
    }
}
