namespace LlmClients.Tests.TestSupport;

/// <summary>Runs code under test on a <see cref="FakeClock"/>: fires the next timer whenever the code waits on one.</summary>
internal static class TimeDriver
{
    /// <summary>A guard against hangs in a broken build; never a sleep.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>Advances the clock timer by timer until <paramref name="task"/> completes; returns each advance.</summary>
    /// <remarks>
    /// Fires whichever timer is next, as soon as one is armed. So every armed timer must be one the code really waits on:
    /// with an asynchronous inner handler (MockHttp), turn the first-byte timeout off (<see cref="Timeout.InfiniteTimeSpan"/>),
    /// or its timer fires while the attempt is still in flight. Timeout tests use an inner handler that hangs.
    /// </remarks>
    public static async Task<List<TimeSpan>> RunAsync(FakeClock time, Task task)
    {
        var advances = new List<TimeSpan>();
        var guard = System.Diagnostics.Stopwatch.StartNew(); // Bounds the whole drive: a timer that never lets the task finish fails the test, never spins it.
        while (!task.IsCompleted)
        {
            if (guard.Elapsed > HangGuard)
            {
                throw new TimeoutException($"the code under test did not finish within {HangGuard} of real time while its clock was driven ({advances.Count} advances)");
            }

            await Task.WhenAny(task, time.WaitForTimersAsync(1)).WaitAsync(HangGuard);
            if (!task.IsCompleted && time.NextTimerDueIn is TimeSpan dueIn)
            {
                if (dueIn == TimeSpan.Zero)
                {
                    await Task.Yield(); // A timer due now: let the work it releases run before looking again.
                }

                time.Advance(dueIn);
                advances.Add(dueIn);
            }
        }

        return advances;
    }

    /// <summary>Awaits a task that must already be able to finish without the clock moving.</summary>
    public static Task<T> Guarded<T>(this Task<T> task) => task.WaitAsync(HangGuard);
}
