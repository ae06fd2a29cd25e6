namespace LlmClients.Batches;

/// <summary>The result of one input of a batch job: its value, or the typed error of that input alone.</summary>
/// <typeparam name="T">The result type (<see cref="ChatResponse"/> or <see cref="Embedding{T}"/> of float).</typeparam>
/// <param name="Index">The input's index in the job.</param>
/// <param name="BatchId">The batch that held it.</param>
/// <param name="Value">The result, or null when the input failed.</param>
/// <param name="Error">Why the input failed, or null when it succeeded.</param>
public sealed record LlmBatchItem<T>(int Index, string BatchId, T? Value, LlmRequestException? Error)
    where T : class
{
    /// <summary>Gets whether the input succeeded.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Value is not null;
}
