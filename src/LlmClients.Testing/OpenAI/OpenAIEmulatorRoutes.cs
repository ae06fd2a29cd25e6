namespace LlmClients.Testing.OpenAI;

/// <summary>
/// The OpenAI routes: the shared OpenAI-compatible routes (<c>POST chat/completions</c>, <c>POST embeddings</c>,
/// <c>GET models</c>) under <c>/v1/</c>.
/// </summary>
internal static class OpenAIEmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state) =>
        OpenAICompatibleEmulatorRoutes.Map(endpoints, state, OpenAIEmulator.Prefix);
}
