namespace LlmClients.Testing.Qianfan;

/// <summary>Reaches the Qianfan controls of an <see cref="LlmEmulator"/>.</summary>
public static class QianfanEmulatorExtensions
{
    /// <summary>Gets the Qianfan controls: token exchange count, token expiry on demand, HTTP-200 errors.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The controls.</returns>
    public static QianfanEmulator Qianfan(this LlmEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return QianfanEmulator.For(emulator);
    }
}
