namespace LlmClients.Testing.Zhipu;

/// <summary>
/// <c>POST embeddings</c>: embedding-2 returns 1024 dimensions and refuses another <c>dimensions</c>; embedding-3 returns 2048 by
/// default or 256/512/1024/2048; at most 64 inputs per request. Vectors are <see cref="EmulatorReplies.Embedding"/>.
/// </summary>
internal static partial class ZhipuEmulatorRoutes
{
    private const int MaxEmbeddingInputs = 64;
    private static readonly int[] Embedding3Sizes = [256, 512, 1024, 2048];

    private static async Task HandleEmbeddingsAsync(HttpContext context, EmulatorState state, JsonObject body)
    {
        var input = body["input"];
        List<string>? inputs = EmulatorJson.AsString(input) is { } single ? [single]
            : input is JsonArray array && array.All(i => EmulatorJson.AsString(i) is not null) ? [.. array.Select(i => EmulatorJson.AsString(i)!)]
            : null;
        if (inputs is null || inputs.Count == 0 || inputs.Any(i => i.Length == 0))
        {
            await WriteCodeAsync(context, "1214", "input: 不能为空").ConfigureAwait(false);
            return;
        }

        if (inputs.Count > MaxEmbeddingInputs)
        {
            await WriteCodeAsync(context, "1214", string.Create(CultureInfo.InvariantCulture, $"input数组最大不得超过{MaxEmbeddingInputs}条")).ConfigureAwait(false);
            return;
        }

        var model = EmulatorJson.GetString(body, "model")!;
        var requested = body["dimensions"] is JsonValue value && value.TryGetValue(out int d) ? d : (int?)null;
        var dimensions = model == "embedding-2" ? 1024 : requested ?? (model == "embedding-3" ? 2048 : state.Options.DefaultEmbeddingDimensions);
        if ((model == "embedding-2" && requested is not (null or 1024)) || (model == "embedding-3" && !Embedding3Sizes.Contains(dimensions)) || dimensions < 1)
        {
            await WriteCodeAsync(context, "1210", string.Create(CultureInfo.InvariantCulture, $"API 调用参数有误，请检查文档。dimensions {requested} is not supported by {model}")).ConfigureAwait(false);
            return;
        }

        var tokens = inputs.Sum(i => EmulatorReplies.EstimateTokens(i.Length));
        var response = new JsonObject
        {
            ["model"] = model,
            ["object"] = "list",
            ["data"] = new JsonArray([.. inputs.Select((text, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["object"] = "embedding",
                ["embedding"] = FloatArray(EmulatorReplies.Embedding(text, dimensions)),
            })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["completion_tokens"] = 0, ["total_tokens"] = tokens },
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }
}
