using LlmClients.Testing.DashScope;

namespace LlmClients.Testing;

/// <summary>Adds the DashScope routes to the emulator.</summary>
internal static partial class EmulatorRouteModules
{
    private static readonly string DashScopeRoutes = Add("DashScope", DashScopeEmulatorRoutes.Map);
}
