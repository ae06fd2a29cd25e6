namespace LlmClients.Batches;

/// <summary>One entry of a batch's <c>errors.data</c>: why the batch as a whole failed (most often validation of its input file).</summary>
/// <param name="Code">The vendor's code, for example <c>url_not_found</c> or <c>mismatched_test_url</c> (DashScope).</param>
/// <param name="Message">The vendor's message.</param>
/// <param name="Param">The field at fault, for example <c>url</c>, or null.</param>
/// <param name="Line">The 1-based line of the input file at fault, or null when the error concerns the whole file.</param>
public sealed record LlmBatchError(string? Code, string? Message, string? Param, int? Line);
