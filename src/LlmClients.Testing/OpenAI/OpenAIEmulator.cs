namespace LlmClients.Testing.OpenAI;

/// <summary>
/// The OpenAI part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.OpenAI"/>): <c>POST chat/completions</c>,
/// <c>POST embeddings</c> and <c>GET models</c> under <see cref="BaseUri"/>. Faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class OpenAIEmulator
{
    /// <summary>The path the routes live under.</summary>
    internal const string Prefix = "/v1";

    private readonly EmulatorState _state;

    internal OpenAIEmulator(EmulatorState state)
    {
        _state = state;
        Requests = state.Requests.For(Prefix + "/");
    }

    /// <summary>Gets the emulator's OpenAI part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one OpenAI part of that emulator.</returns>
    internal static OpenAIEmulator Of(EmulatorState state) => state.Part(static s => new OpenAIEmulator(s));

    /// <summary>Gets the base URL to configure (<c>OpenAIOptions.BaseUrl</c>): <see cref="LlmEmulator.BaseUri"/> + <c>v1/</c>.</summary>
    public Uri BaseUri => new(_state.BaseUri, "v1/");

    /// <summary>Gets the requests the OpenAI routes received (a view of <see cref="LlmEmulator.Requests"/>).</summary>
    public EmulatorRequestLog Requests { get; }
}
