using System.Collections.Concurrent;

namespace LlmClients.Testing;

/// <summary>
/// The batch jobs of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.Batches"/>), shared by every vendor that offers a
/// Batch API (OpenAI, DashScope compatible mode, Zhipu): files uploaded with <c>purpose=batch</c>, batches that go
/// <c>validating</c> → <c>in_progress</c> → <c>finalizing</c> → <c>completed</c> on the emulator's
/// <see cref="LlmEmulatorOptions.TimeProvider"/> (request counts grow while in progress), cancellation, and scripted faults.
/// </summary>
public sealed class EmulatorBatches
{
    private readonly ConcurrentQueue<EmulatorBatchFault> _faults = new();
    private double _timeScale = 1;

    internal EmulatorBatches()
    {
    }

    /// <summary>
    /// Gets or sets the factor applied to the emulated durations: 60 s validating, 10 min in progress, 60 s finalizing (and
    /// 60 s cancelling). Defaults to 1; 0.001 runs a batch in about 0.7 s. Applies to batches created from now on.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public double TimeScale
    {
        get => Volatile.Read(ref _timeScale);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            Volatile.Write(ref _timeScale, value);
        }
    }

    /// <summary>Gets how many batches have been created, on every vendor.</summary>
    public int Created => _created;

    private int _created;

    /// <summary>Scripts a fault for the next batch created (faults queue up: one per batch, in order).</summary>
    /// <param name="fault">The fault.</param>
    public void FailNext(EmulatorBatchFault fault) => _faults.Enqueue(fault);

    internal EmulatorBatchFault? TakeFault()
    {
        Interlocked.Increment(ref _created);
        return _faults.TryDequeue(out var fault) ? fault : null;
    }

    internal TimeSpan Scaled(TimeSpan nominal) => TimeSpan.FromTicks(Math.Max(1, (long)(nominal.Ticks * TimeScale)));

    /// <summary>Gets the emulator's batch part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one batch part of that emulator.</returns>
    internal static EmulatorBatches Of(EmulatorState state) => state.Part(static _ => new EmulatorBatches());
}
