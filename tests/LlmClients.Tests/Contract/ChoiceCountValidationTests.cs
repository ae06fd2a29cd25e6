using System.Text.Json;
using LlmClients.Shared;

namespace LlmClients.Tests.Contract;

public sealed class ChoiceCountValidationTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void ChatModel_SeveralChoices_RejectedNamingTheFix(int n)
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["n"] = n } };

        var ex = Assert.Throws<ArgumentException>(() => RequestValidation.ChatModel(options, "m", "x"));

        Assert.Contains("GetResponseAsync", ex.Message, StringComparison.Ordinal);
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ChatModel_OneChoiceOrJsonOne_Accepted()
    {
        Assert.Equal("m", RequestValidation.ChatModel(new ChatOptions { AdditionalProperties = new() { ["n"] = 1 } }, "m", "x"));
        Assert.Equal("m", RequestValidation.ChatModel(new ChatOptions { AdditionalProperties = new() { ["n"] = JsonDocument.Parse("1").RootElement } }, "m", "x"));
        Assert.Throws<ArgumentException>(() => RequestValidation.ChatModel(new ChatOptions { AdditionalProperties = new() { ["n"] = JsonDocument.Parse("3").RootElement } }, "m", "x"));
    }
}
