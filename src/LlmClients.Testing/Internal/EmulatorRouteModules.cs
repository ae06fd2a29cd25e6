using LlmClients.Testing.OpenAI;
using LlmClients.Testing.Qianfan;
using Microsoft.AspNetCore.Routing;

namespace LlmClients.Testing;

/// <summary>
/// The one place that lists the vendor route modules. A new vendor adds a folder with its routes and dialect, and one line here.
/// </summary>
internal static class EmulatorRouteModules
{
    public static void MapAll(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        OpenAIEmulatorRoutes.Map(endpoints, state);
        DashScope.DashScopeEmulatorRoutes.Map(endpoints, state);
        Zhipu.ZhipuEmulatorRoutes.Map(endpoints, state);
        QianfanEmulatorRoutes.Map(endpoints, state);
    }
}
