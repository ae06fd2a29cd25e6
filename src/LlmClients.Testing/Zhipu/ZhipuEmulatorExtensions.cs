namespace LlmClients.Testing.Zhipu;

/// <summary>Zhipu addresses of an <see cref="LlmEmulator"/>.</summary>
public static class ZhipuEmulatorExtensions
{
    /// <summary>Returns the Zhipu base URL of the emulator, <see cref="LlmEmulator.BaseUri"/> + <c>api/paas/v4/</c>.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The URL to use as <c>ZhipuOptions.BaseUrl</c>.</returns>
    public static Uri ZhipuBaseUri(this LlmEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return new Uri(emulator.BaseUri, "api/paas/v4/");
    }
}
