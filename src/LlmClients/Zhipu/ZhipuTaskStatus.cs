namespace LlmClients.Zhipu;

/// <summary>The status of a Zhipu async task (<c>task_status</c>). Unknown values are preserved.</summary>
public readonly record struct ZhipuTaskStatus
{
    /// <summary>Initializes a status with the given wire value.</summary>
    /// <param name="value">The value, for example <c>"PROCESSING"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public ZhipuTaskStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the status of a task still running.</summary>
    public static ZhipuTaskStatus Processing { get; } = new("PROCESSING");

    /// <summary>Gets the status of a task that finished with a result.</summary>
    public static ZhipuTaskStatus Success { get; } = new("SUCCESS");

    /// <summary>Gets the status of a task that failed (Zhipu spells it <c>FAIL</c>, not <c>FAILED</c>).</summary>
    public static ZhipuTaskStatus Fail { get; } = new("FAIL");

    /// <summary>Gets the wire value.</summary>
    public string Value => field ?? "PROCESSING";

    /// <summary>Gets whether the task has ended (<see cref="Success"/> or <see cref="Fail"/>).</summary>
    public bool IsTerminal => this == Success || this == Fail;

    /// <inheritdoc />
    public bool Equals(ZhipuTaskStatus other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
