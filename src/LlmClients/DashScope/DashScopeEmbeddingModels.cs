using System.Globalization;

namespace LlmClients.DashScope;

/// <summary>
/// The one table of DashScope text-embedding limits (help.aliyun.com text-embedding-synchronous-api),
/// shared by native and compatible mode, and the client-side checks made from it before any network call.
/// </summary>
internal static class DashScopeEmbeddingModels
{
    /// <summary>The batch cap used for models not in the table (the smallest current cap).</summary>
    public const int UnknownModelMaxTexts = 10;

    private static readonly Dictionary<string, DashScopeEmbeddingLimits> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text-embedding-v1"] = new(MaxTexts: 25, MaxTokensPerText: 2048, DefaultDimensions: 1536, Dimensions: [1536], DimensionConfigurable: false),
        ["text-embedding-v2"] = new(MaxTexts: 25, MaxTokensPerText: 2048, DefaultDimensions: 1536, Dimensions: [1536], DimensionConfigurable: false),
        ["text-embedding-v3"] = new(MaxTexts: 10, MaxTokensPerText: 8192, DefaultDimensions: 1024, Dimensions: [1024, 768, 512, 256, 128, 64], DimensionConfigurable: true),
        ["text-embedding-v4"] = new(MaxTexts: 10, MaxTokensPerText: 8192, DefaultDimensions: 1024, Dimensions: [2048, 1536, 1024, 768, 512, 256, 128, 64], DimensionConfigurable: true),
    };

    /// <summary>Finds a model's limits.</summary>
    /// <param name="model">The model id.</param>
    /// <returns>The limits, or null for a model not in the table.</returns>
    public static DashScopeEmbeddingLimits? Find(string model) => Table.GetValueOrDefault(model);

    /// <summary>Checks texts and dimensions against the model's limits and returns the batch cap to split at.</summary>
    /// <param name="model">The model.</param>
    /// <param name="values">The validated texts.</param>
    /// <param name="dimensions">The requested dimensions, if any.</param>
    /// <param name="configuredMaxTexts">The configured batch cap override, if any.</param>
    /// <returns>The batch cap, and whether <c>dimension</c> should be sent.</returns>
    /// <exception cref="ArgumentException">A text is certainly over the per-text limit, or the dimensions are not supported by the model.</exception>
    public static (int MaxTexts, bool SendDimensions) Check(string model, IReadOnlyList<string> values, int? dimensions, int? configuredMaxTexts)
    {
        var limits = Find(model);
        if (limits is null)
        {
            return (configuredMaxTexts ?? UnknownModelMaxTexts, dimensions is not null);
        }

        for (int i = 0; i < values.Count; i++)
        {
            var estimate = EstimateMinimumTokens(values[i]);
            if (estimate > limits.MaxTokensPerText)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"values[{i}] is about {estimate} tokens or more ({values[i].Length} characters), over the {limits.MaxTokensPerText}-token limit per text of {model}. Split the text into smaller chunks")
                    + (limits.MaxTokensPerText < 8192 ? ", or use text-embedding-v3/v4 (8192 tokens per text)." : "."),
                    nameof(values));
            }
        }

        if (dimensions is int d && !limits.Dimensions.Contains(d))
        {
            throw new ArgumentException(
                limits.DimensionConfigurable
                    ? string.Create(CultureInfo.InvariantCulture, $"{model} does not support {d} dimensions; EmbeddingGenerationOptions.Dimensions must be one of {string.Join(", ", limits.Dimensions)} (default {limits.DefaultDimensions}).")
                    : string.Create(CultureInfo.InvariantCulture, $"{model} always returns {limits.DefaultDimensions} dimensions; leave EmbeddingGenerationOptions.Dimensions null, or use text-embedding-v3/v4 to choose the dimension."),
                "options");
        }

        return (configuredMaxTexts ?? limits.MaxTexts, dimensions is not null && limits.DimensionConfigurable);
    }

    /// <summary>
    /// A deliberately low estimate of a text's token count, so that only texts certainly over the limit are rejected
    /// client-side (the service remains the judge of the rest): one token per two CJK characters, one per four others.
    /// Qwen's tokenizer typically spends about one token per 1-1.5 Chinese characters and per 3-4 English characters.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimate.</returns>
    public static int EstimateMinimumTokens(string text)
    {
        int cjk = 0;
        foreach (var c in text)
        {
            if (c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF')
            {
                cjk++;
            }
        }

        return ((cjk + 1) / 2) + ((text.Length - cjk + 3) / 4);
    }
}

/// <summary>One model's limits.</summary>
/// <param name="MaxTexts">The most texts per request.</param>
/// <param name="MaxTokensPerText">The most tokens per text.</param>
/// <param name="DefaultDimensions">The default dimensions.</param>
/// <param name="Dimensions">The supported dimensions.</param>
/// <param name="DimensionConfigurable">Whether the request may choose the dimension (v3/v4).</param>
#pragma warning disable SA1402 // The limits record belongs to its table.
internal sealed record DashScopeEmbeddingLimits(int MaxTexts, int MaxTokensPerText, int DefaultDimensions, int[] Dimensions, bool DimensionConfigurable);
#pragma warning restore SA1402
