using System.Diagnostics;

namespace LlmClients.Benchmarks;

/// <summary>
/// The canned server's precise delays: one thread releases each waiter at its <see cref="Stopwatch"/> deadline. It sleeps
/// until a millisecond before the earliest deadline, then yields until it is due (within tens of microseconds, where
/// <see cref="Task.Delay(TimeSpan)"/> wakes on the timer queue's millisecond ticks and then waits for a pool thread).
/// </summary>
public static class Deadlines
{
    private static readonly PriorityQueue<TaskCompletionSource, long> Queue = new();
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Added = new(0);
    private static readonly long Margin = Stopwatch.Frequency / 1000;

    static Deadlines()
    {
        new Thread(Run) { IsBackground = true, Name = "deadlines" }.Start();
    }

    /// <summary>Completes at <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public static Task At(long timestamp)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            Queue.Enqueue(done, timestamp);
        }

        Added.Release();
        return done.Task;
    }

    private static void Run()
    {
        while (true)
        {
            TaskCompletionSource? due = null;
            long wait;
            lock (Gate)
            {
                if (!Queue.TryPeek(out _, out long at))
                {
                    wait = -1;
                }
                else
                {
                    wait = at - Stopwatch.GetTimestamp();
                    if (wait <= 0)
                    {
                        due = Queue.Dequeue();
                    }
                }
            }

            if (due is not null)
            {
                due.SetResult();
            }
            else if (wait < 0)
            {
                Added.Wait();
            }
            else if (wait > Margin)
            {
                // Sleep to a millisecond before the deadline, or until an earlier one is added.
                Added.Wait(TimeSpan.FromSeconds((double)(wait - Margin) / Stopwatch.Frequency));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
