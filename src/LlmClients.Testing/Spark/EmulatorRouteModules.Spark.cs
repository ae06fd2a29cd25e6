using LlmClients.Testing.Spark;

namespace LlmClients.Testing;

/// <summary>Adds the Spark routes to the emulator.</summary>
internal static partial class EmulatorRouteModules
{
    private static readonly string SparkRoutes = Add("Spark", SparkEmulatorRoutes.Map);
}
