namespace LlmClients.Testing.OpenAICompatible;

/// <summary>
/// The OpenAI wire format's routes, <c>POST chat/completions</c>, <c>POST embeddings</c> and <c>GET models</c>, under a
/// prefix of the vendor's choice: the shared layer of every vendor that speaks it (OpenAI under <c>/v1</c>, Qianfan v2
/// under <c>/v2</c>; DashScope compatible mode reuses the handlers behind its own checks). Not a vendor: it names none.
/// </summary>
internal static partial class OpenAICompatibleEmulatorRoutes
{
    private static readonly string[] _models = ["gpt-4o-mini", "gpt-4o", "deepseek-reasoner", "text-embedding-3-small", "text-embedding-3-large"];

    /// <summary>Maps the routes under <paramref name="prefix"/>, for example <c>/v1</c>, with the OpenAI-style error dialect.</summary>
    internal static void Map(IEndpointRouteBuilder endpoints, EmulatorState state, string prefix)
    {
        var group = endpoints.MapGroup(prefix).WithMetadata(OpenAICompatibleEmulatorDialect.Instance);
        group.MapPost("/chat/completions", (RequestDelegate)(context => HandleAsync(context, state, HandleChatAsync)));
        group.MapPost("/embeddings", (RequestDelegate)(context => HandleAsync(context, state, HandleEmbeddingsAsync)));
        group.MapGet("/models", (RequestDelegate)(context => HandleAsync(context, state, HandleModelsAsync)));
    }

    /// <summary>Checks the API key, parses the body for POSTs and runs the handler.</summary>
    internal static async Task HandleAsync(HttpContext context, EmulatorState state, Func<HttpContext, EmulatorState, JsonObject, Task> handler)
    {
        if (!await AuthorizeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        JsonObject body = [];
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body) is not { } parsed)
            {
                await WriteErrorAsync(context, 400, "We could not parse the JSON body of your request.", param: null).ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(EmulatorJson.GetString(parsed, "model")))
            {
                await WriteErrorAsync(context, 400, "You must provide a model parameter.", "model").ConfigureAwait(false);
                return;
            }

            body = parsed;
        }

        await handler(context, state, body).ConfigureAwait(false);
    }

    internal static async Task<bool> AuthorizeAsync(HttpContext context, EmulatorState state)
    {
        const string Prefix = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : "";
        var message = key.Length == 0
            ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            : string.Equals(key, state.Options.RejectedApiKey, StringComparison.Ordinal)
                ? "Incorrect API key provided."
                : null;
        if (message is null)
        {
            return true;
        }

        await EmulatorResponses.WriteErrorAsync(context, OpenAICompatibleEmulatorDialect.Instance, StatusCodes.Status401Unauthorized, "invalid_api_key", message).ConfigureAwait(false);
        return false;
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string? param) =>
        EmulatorResponses.WriteRawAsync(context, status, OpenAICompatibleEmulatorDialect.ErrorBody(status, null, message, param));

    private static Task HandleModelsAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        var created = state.UnixNow();
        var data = new JsonArray([.. _models.Select(model =>
            (JsonNode)new JsonObject { ["id"] = model, ["object"] = "model", ["created"] = created, ["owned_by"] = "llm-emulator" })]);

        return EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["object"] = "list", ["data"] = data }));
    }
}
