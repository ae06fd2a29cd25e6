using LlmClients.Testing.OpenAI;

namespace LlmClients.Testing;

/// <summary>Adds the OpenAI routes to the emulator.</summary>
internal static partial class EmulatorRouteModules
{
    private static readonly string OpenAIRoutes = Add("OpenAI", OpenAIEmulatorRoutes.Map);
}
