namespace LlmClients.Testing.Zhipu;

/// <summary>
/// The Zhipu part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.Zhipu"/>): chat (sync and SSE), async chat,
/// embeddings and images under <see cref="EmulatorVendor.BaseUri"/>. Prompts script errors and async tasks with <see cref="ZhipuEmulatorMarkers"/>;
/// faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class ZhipuEmulator : EmulatorVendor
{
    /// <summary>The path the routes live under.</summary>
    internal const string Prefix = "/api/paas/v4";

    private int _processingPolls = 2;

    internal ZhipuEmulator(EmulatorState state)
        : base(state, "api/paas/v4/", Prefix + "/")
    {
    }

    /// <summary>Gets the emulator's Zhipu part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one Zhipu part of that emulator.</returns>
    internal static ZhipuEmulator Of(EmulatorState state) => state.Part(static s => new ZhipuEmulator(s));

    /// <summary>
    /// Gets or sets how many polls of an async task submitted from now on answer <c>PROCESSING</c> before the result,
    /// unless its prompt carries <see cref="ZhipuEmulatorMarkers.Polls"/>. Defaults to 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int ProcessingPolls
    {
        get => Volatile.Read(ref _processingPolls);
        set => SetCount(ref _processingPolls, value);
    }
}
