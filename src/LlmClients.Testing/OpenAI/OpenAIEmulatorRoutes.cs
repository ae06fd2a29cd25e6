namespace LlmClients.Testing.OpenAI;

/// <summary>
/// The OpenAI routes: the shared OpenAI-compatible routes (<c>POST chat/completions</c>, <c>POST embeddings</c>,
/// <c>GET models</c>) under <c>/v1/</c>, and the Batch API
/// (<c>files</c>, <c>batches</c>) on the shared batch engine.
/// </summary>
internal static class OpenAIEmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        OpenAICompatibleEmulatorRoutes.Map(endpoints, state, OpenAIEmulator.Prefix);

        // The Batch API: files (purpose=batch) and batches, lines calling /v1/chat/completions or /v1/embeddings.
        var group = endpoints.MapGroup(OpenAIEmulator.Prefix).WithMetadata(OpenAICompatibleEmulatorDialect.Instance);
        new EmulatorBatchEngine(state, EmulatorBatchDialect.OpenAIStyle(state, OpenAIEmulator.Prefix)).Map(group, files: true);
    }
}
