namespace LlmClients.DashScope;

/// <summary>The DashScope region whose endpoints an instance uses. API keys only work in the region that issued them.</summary>
public enum DashScopeRegion
{
    /// <summary>Mainland China (Beijing): <c>https://dashscope.aliyuncs.com</c>. The default.</summary>
    Cn,

    /// <summary>International (Singapore): <c>https://dashscope-intl.aliyuncs.com</c>.</summary>
    Intl,
}
