using System.Collections;
using System.Globalization;

namespace LlmClients.Batches;

/// <summary>
/// The results of a batch job, one item per input in input order: every input has either a value or its own
/// <see cref="LlmRequestException"/> (a failed line, a line missing from both result files, a batch that expired, failed or
/// was cancelled before the input ran). Nothing is left out silently.
/// </summary>
/// <typeparam name="T">The result type (<see cref="ChatResponse"/> or <see cref="Embedding{T}"/> of float).</typeparam>
public sealed class LlmBatchResults<T> : IReadOnlyList<LlmBatchItem<T>>
    where T : class
{
    private readonly IReadOnlyList<LlmBatchItem<T>> _items;

    /// <summary>Initializes the results.</summary>
    /// <param name="job">The job, as it ended.</param>
    /// <param name="items">One item per input, in input order.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public LlmBatchResults(LlmBatchJob job, IReadOnlyList<LlmBatchItem<T>> items)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(items);
        Job = job;
        _items = items;
    }

    /// <summary>Gets the job, as it ended.</summary>
    public LlmBatchJob Job { get; }

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <summary>Gets the number of inputs that failed.</summary>
    public int FailedCount => _items.Count(i => !i.Succeeded);

    /// <summary>Gets the inputs that failed, in input order.</summary>
    public IEnumerable<LlmBatchItem<T>> Failures => _items.Where(i => !i.Succeeded);

    /// <inheritdoc />
    public LlmBatchItem<T> this[int index] => _items[index];

    /// <summary>Returns every value in input order, or throws when any input failed.</summary>
    /// <returns>The values; the value at <c>i</c> belongs to input <c>i</c>.</returns>
    /// <exception cref="LlmRequestException">
    /// At least one input failed: the exception is the first failure's kind and code, says how many failed, and keeps the first
    /// failure as its inner exception (see <see cref="Failures"/> for all of them).
    /// </exception>
    public IReadOnlyList<T> GetValues()
    {
        if (_items.FirstOrDefault(i => !i.Succeeded) is { Error: { } first } failed)
        {
            throw new LlmRequestException(
                first.Provider,
                first.Kind,
                first.StatusCode,
                first.ErrorCode,
                first.VendorMessage,
                first.RequestId,
                first.IsTransient,
                first.RetryAfter,
                first,
                string.Create(CultureInfo.InvariantCulture, $"{FailedCount} of {Count} batch inputs failed, the first at index {failed.Index} (batch {failed.BatchId}); read Failures for each input's error, or resubmit the failed inputs"));
        }

        return [.. _items.Select(i => i.Value!)];
    }

    /// <inheritdoc />
    public IEnumerator<LlmBatchItem<T>> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
