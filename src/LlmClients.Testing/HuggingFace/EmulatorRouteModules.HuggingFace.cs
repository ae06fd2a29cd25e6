using LlmClients.Testing.HuggingFace;

namespace LlmClients.Testing;

/// <summary>Adds the Hugging Face routes to the emulator.</summary>
internal static partial class EmulatorRouteModules
{
    private static readonly string HuggingFaceRoutes = Add("HuggingFace", HuggingFaceEmulatorRoutes.Map);
}
