namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of Zhipu with a signed JWT (AuthMode = Jwt).</summary>
public sealed class ZhipuJwtChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.ZhipuJwt;

    // Not a shared behaviour: proves this flavour really differs from ZhipuBearer (a signed token is sent, never the key).
    [Fact]
    public async Task GetResponseAsync_JwtMode_SendsSignedTokenInsteadOfKey()
    {
        var before = Emulator.Requests.Count;

        await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        var authorization = Emulator.Requests.Snapshot()[before].Headers["authorization"];
        Assert.StartsWith("Bearer eyJ", authorization, StringComparison.Ordinal);
        Assert.All(Provider.Secrets, secret => Assert.DoesNotContain(secret, authorization, StringComparison.Ordinal));
    }
}
