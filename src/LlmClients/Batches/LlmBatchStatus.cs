namespace LlmClients.Batches;

/// <summary>
/// The status of a vendor batch. OpenAI, DashScope compatible mode and Zhipu all report one of
/// <c>validating | failed | in_progress | finalizing | completed | expired | cancelling | cancelled</c>; an unknown value
/// is preserved, never thrown on.
/// </summary>
public readonly record struct LlmBatchStatus
{
    /// <summary>Initializes a status with the given wire value.</summary>
    /// <param name="value">The value, for example <c>"in_progress"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public LlmBatchStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>Gets the status of a batch whose input file is being checked.</summary>
    public static LlmBatchStatus Validating { get; } = new("validating");

    /// <summary>Gets the status of a batch that failed as a whole (usually validation; see <see cref="LlmBatch.Errors"/>). Terminal.</summary>
    public static LlmBatchStatus Failed { get; } = new("failed");

    /// <summary>Gets the status of a running batch.</summary>
    public static LlmBatchStatus InProgress { get; } = new("in_progress");

    /// <summary>Gets the status of a batch whose output files are being written.</summary>
    public static LlmBatchStatus Finalizing { get; } = new("finalizing");

    /// <summary>Gets the status of a finished batch (individual requests may still have failed). Terminal.</summary>
    public static LlmBatchStatus Completed { get; } = new("completed");

    /// <summary>Gets the status of a batch that did not finish within its completion window; finished requests are in the output file. Terminal.</summary>
    public static LlmBatchStatus Expired { get; } = new("expired");

    /// <summary>Gets the status of a batch being cancelled.</summary>
    public static LlmBatchStatus Cancelling { get; } = new("cancelling");

    /// <summary>Gets the status of a cancelled batch; finished requests are in the output file. Terminal.</summary>
    public static LlmBatchStatus Cancelled { get; } = new("cancelled");

    /// <summary>Gets the wire value; <c>"unknown"</c> for a default instance.</summary>
    public string Value => field ?? "unknown";

    /// <summary>Gets whether the batch will not change any more (<c>completed</c>, <c>failed</c>, <c>expired</c> or <c>cancelled</c>).</summary>
    public bool IsTerminal => this == Completed || this == Failed || this == Expired || this == Cancelled;

    /// <inheritdoc />
    public bool Equals(LlmBatchStatus other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
