namespace LlmClients.Testing;

/// <summary>A fault of an emulated batch job, scripted with <see cref="EmulatorBatches.FailNext"/>.</summary>
public enum EmulatorBatchFault
{
    /// <summary>The batch expires halfway: the first half of its lines are in the output file, the rest ran nowhere.</summary>
    Expire,

    /// <summary>Every tenth line (custom_id 3, 13, 23...) fails with HTTP 400 and the vendor's error body, in the error file.</summary>
    FailLines,

    /// <summary>The batch completes, but every tenth line (custom_id 7, 17, 27...) is in neither the output nor the error file.</summary>
    PartialOutput,

    /// <summary>Validation fails: the batch ends <c>failed</c> with <c>errors.data</c> naming line 2, and nothing runs.</summary>
    FailValidation,
}
