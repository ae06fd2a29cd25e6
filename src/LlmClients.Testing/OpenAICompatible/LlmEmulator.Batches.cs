namespace LlmClients.Testing;

/// <content>The batch jobs of the emulator, shared by the vendors that offer a Batch API.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the batch jobs: their time scale and scripted faults.</summary>
    public EmulatorBatches Batches => EmulatorBatches.Of(_state);
}
