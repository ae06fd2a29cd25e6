namespace LlmClients.Auth;

/// <summary>A token held by an <see cref="LlmTokenStore"/>. A secret: <see cref="ToString"/> never prints it.</summary>
/// <param name="Value">The token.</param>
/// <param name="ExpiresAt">When the vendor stops accepting it.</param>
public readonly record struct LlmStoredToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>Returns the expiry only; the token is a secret.</summary>
    /// <returns>For example <c>LlmStoredToken { ExpiresAt = 2026-12-30T00:00:00Z }</c>.</returns>
    public override string ToString() => $"LlmStoredToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
