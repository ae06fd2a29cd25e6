namespace LlmClients.Zhipu;

/// <summary>One content-filter verdict of a Zhipu response.</summary>
/// <param name="Role">What was judged: <c>assistant</c>, <c>user</c> or <c>history</c>.</param>
/// <param name="Level">The severity, 0 (most severe) to 3 (mildest).</param>
public sealed record ZhipuContentFilterResult(string? Role, int? Level);
