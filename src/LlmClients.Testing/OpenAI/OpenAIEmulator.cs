namespace LlmClients.Testing.OpenAI;

/// <summary>
/// The OpenAI part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.OpenAI"/>): <c>POST chat/completions</c>,
/// <c>POST embeddings</c> and <c>GET models</c> under <see cref="EmulatorVendor.BaseUri"/>. Faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class OpenAIEmulator : EmulatorVendor
{
    /// <summary>The path the routes live under.</summary>
    internal const string Prefix = "/v1";


    internal OpenAIEmulator(EmulatorState state)
        : base(state, "v1/", Prefix + "/")
    {
    }

    /// <summary>Gets the emulator's OpenAI part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one OpenAI part of that emulator.</returns>
    internal static OpenAIEmulator Of(EmulatorState state) => state.Part(static s => new OpenAIEmulator(s));
}
