using System.Security.Cryptography;
using System.Text;

namespace LlmClients.Auth;

/// <summary>Names a shared token by a hash of what identifies it (vendor, endpoint, credentials): no secret reaches the store's keys.</summary>
internal static class TokenStoreKey
{
    /// <summary>Returns <c>llmclients:token:&lt;kind&gt;:&lt;SHA-256 hex of the parts&gt;</c>.</summary>
    /// <param name="kind">The token kind, for example <c>qianfan</c> (not secret).</param>
    /// <param name="parts">The identifying parts (secrets included; only their hash is kept).</param>
    /// <returns>The key.</returns>
    public static string For(string kind, params string?[] parts)
        => $"llmclients:token:{kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))))}";
}
