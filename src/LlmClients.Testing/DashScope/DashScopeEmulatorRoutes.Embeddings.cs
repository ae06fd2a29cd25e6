namespace LlmClients.Testing.DashScope;

internal static partial class DashScopeEmulatorRoutes
{
    // The service's limits, as the real service enforces them (help.aliyun.com text-embedding-synchronous-api).
    private static readonly Dictionary<string, ModelLimits> EmbeddingModels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text-embedding-v1"] = new(25, 2048, 1536, [1536]),
        ["text-embedding-v2"] = new(25, 2048, 1536, [1536]),
        ["text-embedding-v3"] = new(10, 8192, 1024, [1024, 768, 512, 256, 128, 64]),
        ["text-embedding-v4"] = new(10, 8192, 1024, [2048, 1536, 1024, 768, 512, 256, 128, 64]),
    };

    private static async Task HandleEmbeddingsAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var parameters = Parameters(body);
        var texts = body["input"] is JsonObject input && input["texts"] is JsonArray array && array.All(t => EmulatorJson.AsString(t) is not null)
            ? array.Select(t => EmulatorJson.AsString(t)!).ToList()
            : null;
        int? dimension = parameters["dimension"] is JsonValue d && d.GetValueKind() == JsonValueKind.Number ? d.GetValue<int>() : null;
        var textType = EmulatorJson.GetString(parameters, "text_type");
        var error = texts is null or { Count: 0 } ? "Value error, contents is neither str nor list of str.: input.contents"
            : textType is not (null or "query" or "document") ? $"Value error, text_type should be query or document, got {textType}.: parameters.text_type"
            : CheckEmbeddingLimits(model, texts, dimension);
        if (error is not null)
        {
            await WriteNativeErrorAsync(context, 400, "InvalidParameter", error).ConfigureAwait(false);
            return;
        }

        var dimensions = dimension ?? EmbeddingModels[model].DefaultDimensions;
        var items = new List<JsonNode>(texts!.Count);
        for (int i = texts.Count - 1; i >= 0; i--)
        {
            // Emitted in reverse: clients must order by text_index, not by position.
            items.Add(new JsonObject
            {
                ["embedding"] = new JsonArray([.. EmulatorReplies.Embedding(texts[i], dimensions).Select(v => (JsonNode)v)]),
                ["text_index"] = i,
            });
        }

        var tokens = texts.Sum(t => EmulatorReplies.EstimateTokens(t.Length));
        var response = new JsonObject
        {
            ["output"] = new JsonObject { ["embeddings"] = new JsonArray([.. items]) },
            ["usage"] = new JsonObject { ["total_tokens"] = tokens },
            ["request_id"] = RequestId(context),
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleCompatibleEmbeddingsAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var texts = EmulatorJson.AsString(body["input"]) is { } single ? [single]
            : body["input"] is JsonArray array ? array.Select(t => EmulatorJson.AsString(t) ?? "").ToList() : [];
        int? dimensions = body["dimensions"] is JsonValue d && d.GetValueKind() == JsonValueKind.Number ? d.GetValue<int>() : null;
        if (texts.Count > 0 && CheckEmbeddingLimits(model, texts, dimensions) is { } error)
        {
            var message = "<400> InternalError.Algo.InvalidParameter: " + error;
            await EmulatorResponses.WriteRawAsync(context, 400, OpenAICompatibleEmulatorDialect.ErrorBody(400, "invalid_parameter_error", message, param: null)).ConfigureAwait(false);
            return;
        }

        if (dimensions is null && EmbeddingModels.TryGetValue(model, out var limits))
        {
            body["dimensions"] = limits.DefaultDimensions;
        }

        await OpenAICompatibleEmulatorRoutes.HandleEmbeddingsAsync(context, state, body).ConfigureAwait(false);
    }

    private static string? CheckEmbeddingLimits(string model, List<string> texts, int? dimension)
    {
        if (!EmbeddingModels.TryGetValue(model, out var limits))
        {
            return $"Model not exist: {model}.";
        }

        if (texts.Count > limits.MaxTexts)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Value error, batch size is invalid, it should not be larger than {limits.MaxTexts}.: input.contents");
        }

        if (texts.Any(t => t.Length == 0 || EmulatorReplies.EstimateTokens(t.Length) > limits.MaxTokens))
        {
            return string.Create(CultureInfo.InvariantCulture, $"Range of input length should be [1, {limits.MaxTokens}]");
        }

        return dimension is int value && !limits.Dimensions.Contains(value)
            ? string.Create(CultureInfo.InvariantCulture, $"Value error, dimension should be one of [{string.Join(", ", limits.Dimensions)}].: parameters.dimension")
            : null;
    }

    private sealed record ModelLimits(int MaxTexts, int MaxTokens, int DefaultDimensions, int[] Dimensions);
}
