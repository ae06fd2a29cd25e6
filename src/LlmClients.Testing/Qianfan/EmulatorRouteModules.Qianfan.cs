using LlmClients.Testing.Qianfan;

namespace LlmClients.Testing;

/// <summary>Adds the Qianfan routes to the emulator.</summary>
internal static partial class EmulatorRouteModules
{
    private static readonly string QianfanRoutes = Add("Qianfan", QianfanEmulatorRoutes.Map);
}
