namespace LlmClients.Testing.HuggingFace;

/// <summary>
/// The Hugging Face routes under <c>/hf/</c>: the router's <c>hf-inference/models/{model}/pipeline/feature-extraction</c>
/// (1-D for one string, 2-D for a list; per token for <see cref="HuggingFaceEmulator.PerTokenModel"/>; <c>dimensions</c> is
/// ignored there, as its honouring is undocumented), a dedicated endpoint at <c>endpoint</c> (TEI behind it), and a TEI server
/// under <c>tei/</c> (see the Tei part).
/// </summary>
internal static partial class HuggingFaceEmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        var hf = endpoints.MapGroup(HuggingFaceEmulator.Prefix).WithMetadata(HuggingFaceEmulatorDialect.Instance);
        hf.MapPost("/router/hf-inference/models/{org}/{name}/pipeline/feature-extraction", (RequestDelegate)(context => HandleRouterAsync(context, state)));
        hf.MapPost("/router/hf-inference/models/{name}/pipeline/feature-extraction", (RequestDelegate)(context => HandleRouterAsync(context, state)));
        hf.MapPost("/endpoint", (RequestDelegate)(context => HandleEndpointAsync(context, state)));
        MapTei(hf.MapGroup("/tei"), state);
    }

    private static async Task HandleRouterAsync(HttpContext context, EmulatorState state)
    {
        var values = context.Request.RouteValues;
        var model = values["org"] is string org ? $"{org}/{values["name"]}" : (string)values["name"]!;
        if (!await AuthorizeHubAsync(context, state).ConfigureAwait(false) || await LoadingAsync(context, state, model).ConfigureAwait(false))
        {
            return;
        }

        var body = EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body);
        var inputs = body is null ? null : ReadInputs(body["inputs"]);
        if (inputs is null || inputs.Count == 0)
        {
            // Quirk: the serverless API's validation errors are a list of messages.
            await EmulatorResponses.WriteRawAsync(context, 400, EmulatorJson.Serialize(new JsonObject { ["error"] = new JsonArray("Error in `inputs`: field required") })).ConfigureAwait(false);
            return;
        }

        var emulator = HuggingFaceEmulator.Of(state);
        var normalize = body!["normalize"] is not JsonValue n || n.GetValueKind() != System.Text.Json.JsonValueKind.False;
        var single = EmulatorJson.AsString(body["inputs"]) is not null;
        JsonNode response;
        if (IsPerToken(model))
        {
            // 1 x T x H for one string, N x 1 x T x H for a list (what the legacy API did for plain transformers models).
            var perText = inputs.Select(text => (JsonNode)new JsonArray(TokenRows(text, HuggingFaceEmulator.EmbeddingDimensions))).ToArray();
            response = single ? perText[0] : new JsonArray([.. perText.Select(rows => (JsonNode)new JsonArray(rows))]);
        }
        else
        {
            var rows = inputs.Select(text => Vector(text, HuggingFaceEmulator.EmbeddingDimensions, normalize)).ToArray();
            response = single ? rows[0] : new JsonArray(rows);
        }

        context.Response.Headers["x-compute-type"] = "cpu";
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleEndpointAsync(HttpContext context, EmulatorState state)
    {
        if (!await AuthorizeHubAsync(context, state).ConfigureAwait(false) || await LoadingAsync(context, state, HuggingFaceEmulator.TeiModelId).ConfigureAwait(false))
        {
            return;
        }

        // An embedding endpoint runs TEI: POST / is its /embed.
        await HandleEmbedAsync(context, state).ConfigureAwait(false);
    }

    /// <summary>The router and endpoints take any bearer token but the rejected one; 401 otherwise.</summary>
    private static async Task<bool> AuthorizeHubAsync(HttpContext context, EmulatorState state)
    {
        const string Prefix = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : "";
        if (token.Length > 0 && !string.Equals(token, state.Options.RejectedApiKey, StringComparison.Ordinal))
        {
            return true;
        }

        await EmulatorResponses.WriteRawAsync(context, 401, EmulatorJson.Serialize(new JsonObject { ["error"] = "Invalid credentials in Authorization header" })).ConfigureAwait(false);
        return false;
    }

    /// <summary>Answers the loading 503 when <see cref="HuggingFaceEmulator.SimulateLoading"/> asked for it.</summary>
    private static async Task<bool> LoadingAsync(HttpContext context, EmulatorState state, string model)
    {
        if (HuggingFaceEmulator.Of(state).TakeLoading() is not { } wait)
        {
            return false;
        }

        var body = new JsonObject { ["error"] = $"Model {model} is currently loading", ["estimated_time"] = wait.TotalSeconds };
        await EmulatorResponses.WriteRawAsync(context, 503, EmulatorJson.Serialize(body)).ConfigureAwait(false);
        return true;
    }

    private static bool IsPerToken(string model)
    {
        var name = model[(model.LastIndexOf('/') + 1)..];
        return name.StartsWith("bart", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The per-token rows of a text: <c>[CLS]</c>, one token per character, <c>[SEP]</c>.</summary>
    internal static JsonNode[] TokenRows(string text, int dimensions)
    {
        string[] tokens = ["[CLS]", .. text.Select(c => c.ToString()), "[SEP]"];
        return [.. tokens.Select(token => (JsonNode)FloatArray(EmulatorReplies.Embedding(token, dimensions)))];
    }

    /// <summary>A text's vector; unnormalized vectors are scaled by the text's length + 1.</summary>
    private static JsonArray Vector(string text, int dimensions, bool normalize)
    {
        var vector = EmulatorReplies.Embedding(text, dimensions);
        if (!normalize)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= text.Length + 1;
            }
        }

        return FloatArray(vector);
    }

    private static JsonArray FloatArray(float[] vector) => new([.. vector.Select(v => (JsonNode)v)]);

    private static List<string>? ReadInputs(JsonNode? input) => OpenAICompatibleEmulatorRoutes.ReadInputs(input);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
