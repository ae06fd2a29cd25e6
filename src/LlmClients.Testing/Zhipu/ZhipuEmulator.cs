namespace LlmClients.Testing.Zhipu;

/// <summary>
/// The Zhipu part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.Zhipu"/>): chat (sync and SSE), async chat,
/// embeddings and images under <see cref="BaseUri"/>. Prompts script errors and async tasks with <see cref="ZhipuEmulatorMarkers"/>;
/// faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class ZhipuEmulator
{
    /// <summary>The path the routes live under.</summary>
    internal const string Prefix = "/api/paas/v4";

    private readonly EmulatorState _state;
    private int _processingPolls = 2;

    internal ZhipuEmulator(EmulatorState state)
    {
        _state = state;
        Requests = state.Requests.For(Prefix + "/");
    }

    /// <summary>Gets the emulator's Zhipu part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one Zhipu part of that emulator.</returns>
    internal static ZhipuEmulator Of(EmulatorState state) => state.Part(static s => new ZhipuEmulator(s));

    /// <summary>Gets the base URL to configure (<c>ZhipuOptions.BaseUrl</c>): <see cref="LlmEmulator.BaseUri"/> + <c>api/paas/v4/</c>.</summary>
    public Uri BaseUri => new(_state.BaseUri, "api/paas/v4/");

    /// <summary>Gets the requests the Zhipu routes received (a view of <see cref="LlmEmulator.Requests"/>).</summary>
    public EmulatorRequestLog Requests { get; }

    /// <summary>
    /// Gets or sets how many polls of an async task submitted from now on answer <c>PROCESSING</c> before the result,
    /// unless its prompt carries <see cref="ZhipuEmulatorMarkers.Polls"/>. Defaults to 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int ProcessingPolls
    {
        get => Volatile.Read(ref _processingPolls);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _processingPolls, value);
        }
    }
}
