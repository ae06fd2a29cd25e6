namespace LlmClients.Auth;

/// <summary>An access token and the moment it stops being valid.</summary>
/// <param name="Value">The token.</param>
/// <param name="ExpiresAt">When the token expires.</param>
internal readonly record struct AccessToken(string Value, DateTimeOffset ExpiresAt);
