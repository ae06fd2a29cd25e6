namespace LlmClients;

/// <summary>
/// How a wait for a vendor's async task polls: the first wait, the factor each wait grows by, the longest wait, and an
/// overall timeout. Polls wait on the instance's <see cref="TimeProvider"/>. Used by Zhipu async chat
/// (<c>ZhipuPollingOptions</c>) and DashScope async tasks (<c>DashScopeOptions.Polling</c>).
/// </summary>
public class LlmPollingOptions
{
    /// <summary>Gets or sets the wait before the second poll. The default is 1 second.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two polls. The default is 10 seconds.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the factor each wait is multiplied by, at least 1. The default is 1.5.</summary>
    public double BackoffMultiplier { get; set; } = 1.5;

    /// <summary>Gets or sets how long to wait for the task in all; then the wait throws (the task itself goes on and can be resumed by id). The default is 10 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the settings.</summary>
    /// <param name="parameterName">The parameter or configuration key named in the message.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal void Validate(string parameterName)
    {
        // Timers take at most uint.MaxValue - 1 milliseconds (about 49 days); longer values would overflow the deadline or the delay.
        var maxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
        if (InitialInterval <= TimeSpan.Zero || MaxInterval < InitialInterval || !(BackoffMultiplier >= 1) || Timeout <= TimeSpan.Zero || MaxInterval > maxTimer || Timeout > maxTimer)
        {
            throw new ArgumentException(
                $"{GetType().Name}: InitialInterval and Timeout must be positive, MaxInterval at least InitialInterval, BackoffMultiplier at least 1, and MaxInterval and Timeout at most 49 days (for example 1 s, 10 s, 1.5, 10 min).",
                parameterName);
        }
    }
}
