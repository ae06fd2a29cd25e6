using LlmClients.Testing;

namespace LlmClients.IntegrationTests.Conformance;

/// <summary>
/// One loopback emulator (real Kestrel socket) per conformance class: starting Kestrel per test would dominate the run time.
/// Tests in a class run one after another, so they share it safely; each test measures request-count deltas.
/// </summary>
public sealed class ConformanceEmulator : IAsyncLifetime
{
    private LlmEmulator? _emulator;

    /// <summary>Gets the running emulator.</summary>
    public LlmEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync() => _emulator = await LlmEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
