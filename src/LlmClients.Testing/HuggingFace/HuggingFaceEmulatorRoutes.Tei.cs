namespace LlmClients.Testing.HuggingFace;

/// <summary>
/// The TEI server under <c>/hf/tei/</c>: <c>POST embed</c> (and <c>POST /</c>) answering <c>[[f,...]]</c> always; <c>POST v1/embeddings</c>
/// (OpenAI-compatible, always normalized, errors as <c>{"message","code","type"}</c>); <c>GET info</c>; <c>GET health</c>. Like
/// TEI: 415 in plain text without <c>Content-Type: application/json</c>, 400 <c>Empty</c> for no inputs, 422 <c>Validation</c>
/// for more than <see cref="HuggingFaceEmulator.TeiMaxClientBatchSize"/> inputs ("batch size 40 &gt; maximum allowed batch size 32"),
/// for a bad <c>dimensions</c>, and for an input over <see cref="HuggingFaceEmulator.TeiMaxInputLength"/> tokens (a token per
/// two characters) when <c>truncate</c> is false; auto-truncation is on (TEI 1.9 and later).
/// </summary>
internal static partial class HuggingFaceEmulatorRoutes
{
    private static void MapTei(RouteGroupBuilder tei, EmulatorState state)
    {
        tei.MapPost("/embed", (RequestDelegate)(context => TeiAsync(context, state, HandleEmbedAsync)));
        tei.MapPost("/", (RequestDelegate)(context => TeiAsync(context, state, HandleEmbedAsync)));
        tei.MapPost("/v1/embeddings", (RequestDelegate)(context => TeiAsync(context, state, HandleOpenAIEmbeddingsAsync)));
        tei.MapGet("/info", (RequestDelegate)(context => TeiAsync(context, state, HandleInfoAsync)));
        tei.MapGet("/health", (RequestDelegate)(context => EmulatorResponses.WriteRawAsync(context, 200, "")));
    }

    private static async Task TeiAsync(HttpContext context, EmulatorState state, Func<HttpContext, EmulatorState, Task> handler)
    {
        var key = HuggingFaceEmulator.Of(state).TeiApiKey;
        if (key is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + key)
        {
            // Quirk: TEI's --api-key check answers 401 with an empty body.
            context.Response.StatusCode = 401;
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && !string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 415;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Expected request with `Content-Type: application/json`", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await handler(context, state).ConfigureAwait(false);
    }

    // TEI's answer to a body whose texts it cannot read (serde's message, verbatim): 422.
    private static async Task<(JsonObject Body, List<string> Inputs)?> ReadTeiRequestAsync(HttpContext context, string field, bool openAi)
    {
        var body = EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body);
        var inputs = body is null ? null : ReadInputs(body[field]);
        if (body is null || inputs is null)
        {
            await WriteTeiErrorAsync(context, 422, $"Failed to deserialize the JSON body into the target type: {field}: data did not match any variant of untagged enum Input", null, openAi).ConfigureAwait(false);
            return null;
        }

        return (body, inputs);
    }

    private static async Task HandleEmbedAsync(HttpContext context, EmulatorState state)
    {
        var emulator = HuggingFaceEmulator.Of(state);
        if (await ReadTeiRequestAsync(context, "inputs", openAi: false).ConfigureAwait(false) is not { } request)
        {
            return;
        }

        var (body, inputs) = request;

        var normalize = body["normalize"] is not JsonValue n || n.GetValueKind() != JsonValueKind.False;
        var truncate = body["truncate"] is not JsonValue t || t.GetValueKind() != JsonValueKind.False;
        var vectors = await CheckAndEmbedAsync(context, emulator, inputs, body["dimensions"], truncate, normalize, openAi: false).ConfigureAwait(false);
        if (vectors is not null)
        {
            context.Response.Headers["x-compute-type"] = "gpu+optimized";
            await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonArray(vectors))).ConfigureAwait(false);
        }
    }

    private static async Task HandleOpenAIEmbeddingsAsync(HttpContext context, EmulatorState state)
    {
        var emulator = HuggingFaceEmulator.Of(state);
        if (await ReadTeiRequestAsync(context, "input", openAi: true).ConfigureAwait(false) is not { } request)
        {
            return;
        }

        var (body, inputs) = request;

        // Quirk: this route ignores truncate (it uses the server's auto-truncate) and always normalizes; the model is not checked.
        var vectors = await CheckAndEmbedAsync(context, emulator, inputs, body["dimensions"], truncate: true, normalize: true, openAi: true).ConfigureAwait(false);
        if (vectors is null)
        {
            return;
        }

        var tokens = inputs.Sum(i => EmulatorReplies.EstimateTokens(i.Length));
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject { ["object"] = "embedding", ["embedding"] = v, ["index"] = i })]),
            ["model"] = HuggingFaceEmulator.TeiModelId,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static Task HandleInfoAsync(HttpContext context, EmulatorState state)
    {
        var emulator = HuggingFaceEmulator.Of(state);
        var info = new JsonObject
        {
            ["model_id"] = HuggingFaceEmulator.TeiModelId,
            ["model_sha"] = null,
            ["model_dtype"] = "float32",
            ["model_type"] = new JsonObject { ["embedding"] = new JsonObject { ["pooling"] = "mean" } },
            ["max_concurrent_requests"] = 512,
            ["max_input_length"] = HuggingFaceEmulator.TeiMaxInputLength,
            ["max_batch_tokens"] = 16384,
            ["max_batch_requests"] = null,
            ["max_client_batch_size"] = emulator.TeiMaxClientBatchSize,
            ["auto_truncate"] = true,
            ["tokenization_workers"] = 2,
            ["version"] = "1.9.3",
            ["sha"] = null,
            ["docker_label"] = null,
        };
        return EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(info));
    }

    /// <summary>Applies TEI's checks; writes the error and returns null, or returns one vector per input.</summary>
    private static async Task<JsonNode[]?> CheckAndEmbedAsync(HttpContext context, HuggingFaceEmulator emulator, List<string> inputs, JsonNode? dimensionsNode, bool truncate, bool normalize, bool openAi)
    {
        if (inputs.Count == 0)
        {
            await WriteTeiErrorAsync(context, 400, "`inputs` cannot be empty", "Empty", openAi).ConfigureAwait(false);
            return null;
        }

        if (inputs.Count > emulator.TeiMaxClientBatchSize)
        {
            await WriteTeiErrorAsync(context, 422, Invariant($"batch size {inputs.Count} > maximum allowed batch size {emulator.TeiMaxClientBatchSize}"), "Validation", openAi).ConfigureAwait(false);
            return null;
        }

        var dimensions = HuggingFaceEmulator.EmbeddingDimensions;
        if (dimensionsNode is JsonValue d && d.TryGetValue(out int asked))
        {
            if (asked <= 0 || asked > HuggingFaceEmulator.EmbeddingDimensions)
            {
                var message = asked <= 0 ? "`dimensions` should be positive" : Invariant($"The model does not support `dimensions` larger than {HuggingFaceEmulator.EmbeddingDimensions}");
                await WriteTeiErrorAsync(context, 422, message, "Validation", openAi).ConfigureAwait(false);
                return null;
            }

            dimensions = asked;
        }

        foreach (var input in inputs)
        {
            var tokens = EmulatorReplies.EstimateTokens(input.Length);
            if (!truncate && tokens > HuggingFaceEmulator.TeiMaxInputLength)
            {
                await WriteTeiErrorAsync(context, 422, Invariant($"Input validation error: `inputs` must have less than {HuggingFaceEmulator.TeiMaxInputLength} tokens. Given: {tokens}"), "Validation", openAi).ConfigureAwait(false);
                return null;
            }
        }

        return [.. inputs.Select(text => (JsonNode)Vector(text, dimensions, normalize))];
    }

    private static Task WriteTeiErrorAsync(HttpContext context, int status, string message, string? type, bool openAi)
    {
        if (type is null)
        {
            // axum's own rejection of a body it cannot deserialize: plain text.
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(message, context.RequestAborted);
        }

        // Quirk: the OpenAI-compatible route spells the same error {"message","code","type"}.
        return EmulatorResponses.WriteRawAsync(
            context,
            status,
            openAi ? EmulatorJson.Serialize(new JsonObject { ["message"] = message, ["code"] = status, ["type"] = type }) : HuggingFaceEmulatorDialect.Body(message, type));
    }
}
