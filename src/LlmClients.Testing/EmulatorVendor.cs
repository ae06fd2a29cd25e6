namespace LlmClients.Testing;

/// <summary>
/// One vendor's part of an <see cref="LlmEmulator"/> (<c>emulator.OpenAI</c>, <c>emulator.DashScope</c>, <c>emulator.Zhipu</c>,
/// <c>emulator.Qianfan</c>, <c>emulator.Spark</c>, <c>emulator.HuggingFace</c>): the base URL to configure and the requests its
/// routes received. Faults for every vendor come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public abstract class EmulatorVendor
{
    private readonly string _basePath;

    private protected EmulatorVendor(EmulatorState state, string basePath, params string[] pathPrefixes)
    {
        State = state;
        _basePath = basePath;
        Requests = state.Requests.For(pathPrefixes);
    }

    /// <summary>
    /// Gets the base URL to configure as the vendor options' <c>BaseUrl</c>: <see cref="LlmEmulator.BaseUri"/> followed by the
    /// vendor's path (<c>v1/</c>, <c>api/v1/</c>, <c>api/paas/v4/</c>, <c>rpc/2.0/ai_custom/v1/wenxinworkshop/</c>), ending with a slash.
    /// </summary>
    public Uri BaseUri => new(State.BaseUri, _basePath);

    /// <summary>Gets the requests this vendor's routes received, oldest first (a view of <see cref="LlmEmulator.Requests"/>).</summary>
    public EmulatorRequestLog Requests { get; }

    /// <summary>Gets the emulator's shared state.</summary>
    internal EmulatorState State { get; }

    /// <summary>Sets a control that takes a count: atomically, after rejecting a negative value.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    private protected static void SetCount(ref int field, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Volatile.Write(ref field, value);
    }

    /// <summary>Sets a control that takes a credential or name: atomically, after rejecting a blank value.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or blank.</exception>
    private protected static void SetText(ref string field, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Volatile.Write(ref field, value);
    }
}
