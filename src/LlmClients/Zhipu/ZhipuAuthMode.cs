namespace LlmClients.Zhipu;

/// <summary>How the Zhipu API key is sent.</summary>
public enum ZhipuAuthMode
{
    /// <summary>The raw key as <c>Authorization: Bearer &lt;id&gt;.&lt;secret&gt;</c>, as the current official SDKs do. The default.</summary>
    Bearer = 0,

    /// <summary>
    /// A short-lived HS256 JWT signed with the secret part of a <c>{id}.{secret}</c> key (the legacy scheme), sent as
    /// <c>Authorization: Bearer &lt;jwt&gt;</c>, cached until shortly before it expires.
    /// </summary>
    Jwt = 1,
}
