using Microsoft.Extensions.Logging;

namespace LlmClients.Testing;

/// <summary>
/// Configures an <see cref="LlmEmulator"/>.
/// </summary>
public sealed class LlmEmulatorOptions
{
    /// <summary>
    /// Gets or sets an API key that the emulator rejects with 401 <c>invalid_api_key</c>. Defaults to <c>"bad-key"</c>.
    /// </summary>
    public string RejectedApiKey { get; set; } = "bad-key";

    /// <summary>
    /// Gets or sets the embedding size used when a request does not send <c>dimensions</c>. Defaults to 1536.
    /// </summary>
    public int DefaultEmbeddingDimensions { get; set; } = EmulatorReplies.DefaultEmbeddingDimensions;

    /// <summary>
    /// Gets or sets the clock used for <c>created</c> timestamps, the request log, Qianfan token expiry and fault delays
    /// (<see cref="EmulatorFault.SlowFirstByte"/>, <see cref="EmulatorFault.IdleStream"/>): with a fake clock, advance it to end a delay.
    /// Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets a callback that adds logging providers to the emulator's host. Defaults to <see langword="null"/>, which keeps the emulator silent.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
