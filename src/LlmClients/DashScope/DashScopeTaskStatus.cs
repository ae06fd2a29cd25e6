namespace LlmClients.DashScope;

/// <summary>The status of a DashScope async task (<c>output.task_status</c>). Unknown values are preserved.</summary>
public readonly record struct DashScopeTaskStatus
{
    /// <summary>Initializes a status with the given wire value.</summary>
    /// <param name="value">The value, for example <c>"RUNNING"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public DashScopeTaskStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the status of a queued task (the only status in which it can be cancelled).</summary>
    public static DashScopeTaskStatus Pending { get; } = new("PENDING");

    /// <summary>Gets the status of a task the service has suspended.</summary>
    public static DashScopeTaskStatus Suspended { get; } = new("SUSPENDED");

    /// <summary>Gets the status of a running task.</summary>
    public static DashScopeTaskStatus Running { get; } = new("RUNNING");

    /// <summary>Gets the status of a task that finished with a result.</summary>
    public static DashScopeTaskStatus Succeeded { get; } = new("SUCCEEDED");

    /// <summary>Gets the status of a failed task (its <c>output.code</c> and <c>output.message</c> say why).</summary>
    public static DashScopeTaskStatus Failed { get; } = new("FAILED");

    /// <summary>Gets the status of a cancelled task.</summary>
    public static DashScopeTaskStatus Canceled { get; } = new("CANCELED");

    /// <summary>Gets the status DashScope answers, at HTTP 200, for a task id it does not know (or no longer keeps; results are kept about 24 h).</summary>
    public static DashScopeTaskStatus Unknown { get; } = new("UNKNOWN");

    /// <summary>Gets the wire value.</summary>
    public string Value => field ?? "PENDING";

    /// <summary>Gets whether the task has ended (<see cref="Succeeded"/>, <see cref="Failed"/>, <see cref="Canceled"/> or <see cref="Unknown"/>).</summary>
    public bool IsTerminal => this == Succeeded || this == Failed || this == Canceled || this == Unknown;

    /// <inheritdoc />
    public bool Equals(DashScopeTaskStatus other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
