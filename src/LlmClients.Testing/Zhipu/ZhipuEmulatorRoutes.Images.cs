namespace LlmClients.Testing.Zhipu;

/// <summary><c>POST images/generations</c> (CogView): one deterministic image URL per request, under the emulator's own host.</summary>
internal static partial class ZhipuEmulatorRoutes
{
    private static async Task HandleImagesAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        var prompt = EmulatorJson.GetString(body, "prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            await WriteCodeAsync(context, "1214", "prompt: 不能为空").ConfigureAwait(false);
            return;
        }

        if (ZhipuEmulatorMarkers.Find(prompt, "error") is { Length: > 0 } code)
        {
            await WriteCodeAsync(context, code).ConfigureAwait(false);
            return;
        }

        var url = string.Create(CultureInfo.InvariantCulture, $"{context.Request.Scheme}://{context.Request.Host}/emulator/cogview/{Id(state)}.png");
        var response = new JsonObject
        {
            ["created"] = state.UnixNow(),
            ["data"] = new JsonArray(new JsonObject { ["url"] = url }),
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }
}
