using LlmClients.Http;

namespace LlmClients.Tests.Http;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("https://aip.baidubce.com/rpc/2.0/chat/completions?access_token=fake-tok", "https://aip.baidubce.com/rpc/2.0/chat/completions?REDACTED")]
    [InlineData("https://user:pass@api.test/v1/chat", "https://api.test/v1/chat")]
    [InlineData("https://api.test/v1/chat", "https://api.test/v1/chat")]
    public void RedactUri_RemovesQueryAndUserInfo(string url, string expected)
        => Assert.Equal(expected, Redaction.RedactUri(new Uri(url)));

    [Theory]
    [InlineData("bad key sk-proj-abcdefghijklmnop123 given", "sk-proj")]
    [InlineData("see ?access_token=fake-tok&x=1", "fake-tok")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJhcGlfa2V5IjoiYSJ9.c2lnbmF0dXJl", "eyJhbGci")]
    [InlineData("token 24.0123456789abcdef0123456789abcdef.2592000.1485516651.282335-1234567 expired", "0123456789abcdef")]
    [InlineData("key bce-v3/ALTAK-abc123/614fb0000 rejected", "ALTAK")]
    public void RedactMessage_MasksSecretsVendorsEcho(string message, string secretPart)
    {
        var redacted = Redaction.RedactMessage(message)!;

        Assert.DoesNotContain(secretPart, redacted, StringComparison.Ordinal);
        Assert.Contains("REDACTED", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactMessage_OrdinaryChineseMessage_Unchanged()
    {
        const string message = "系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。";
        Assert.Equal(message, Redaction.RedactMessage(message));
    }
}
