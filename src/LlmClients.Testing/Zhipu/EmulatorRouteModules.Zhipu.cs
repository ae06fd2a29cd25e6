using LlmClients.Testing.Zhipu;

namespace LlmClients.Testing;

/// <summary>Adds the Zhipu routes to the emulator.</summary>
internal static partial class EmulatorRouteModules
{
    private static readonly string ZhipuRoutes = Add("Zhipu", ZhipuEmulatorRoutes.Map);
}
