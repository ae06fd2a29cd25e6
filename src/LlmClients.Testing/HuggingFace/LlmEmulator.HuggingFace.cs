using LlmClients.Testing.HuggingFace;

namespace LlmClients.Testing;

/// <content>The Hugging Face part of the emulator.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the Hugging Face part: the router, endpoint and TEI URLs, TEI's limits, model loading and requests.</summary>
    public HuggingFaceEmulator HuggingFace => HuggingFaceEmulator.Of(_state);
}
