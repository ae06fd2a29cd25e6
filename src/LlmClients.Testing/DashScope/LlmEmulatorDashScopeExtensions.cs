using LlmClients.Testing.DashScope;

namespace LlmClients.Testing;

/// <summary>The emulator's DashScope endpoints.</summary>
public static class LlmEmulatorDashScopeExtensions
{
    /// <summary>Gets the base URL of the emulated native DashScope API (<c>.../api/v1/</c>); set it as <c>DashScopeOptions.BaseUrl</c>.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The base URL.</returns>
    public static Uri DashScopeBaseUri(this LlmEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return new(emulator.BaseUri, "api/v1/");
    }

    /// <summary>Gets the base URL of the emulated DashScope compatible mode (<c>.../compatible-mode/v1/</c>).</summary>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The base URL.</returns>
    public static Uri DashScopeCompatibleBaseUri(this LlmEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return new(emulator.BaseUri, "compatible-mode/v1/");
    }
}
