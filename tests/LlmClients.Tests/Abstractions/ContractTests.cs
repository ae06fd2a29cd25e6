using System.Reflection;
using LlmClients.DependencyInjection;
using LlmClients.Http;

namespace LlmClients.Tests.Abstractions;

/// <summary>
/// What LlmClients.Abstractions adds to Microsoft.Extensions.AI (the exception, the error kind, the embedding input type,
/// the AdditionalProperties keys and their typed accessors), and the M.E.AI behaviour our adapters rely on.
/// </summary>
public sealed class ContractTests
{
    [Fact]
    public void ExtensibleValues_UnknownPreservedAndCaseInsensitive()
    {
        // Ours.
        Assert.Equal(EmbeddingInputType.Query, new EmbeddingInputType("QUERY"));
        Assert.Equal("passage", new EmbeddingInputType("passage").Value);
        Assert.Equal("document", default(EmbeddingInputType).Value);
        Assert.True(EmbeddingInputType.Document == new EmbeddingInputType("Document"));
        Assert.Equal(EmbeddingInputType.Query.GetHashCode(), new EmbeddingInputType("Query").GetHashCode());
        Assert.Throws<ArgumentException>(() => new EmbeddingInputType(" "));

        // Microsoft.Extensions.AI's, as the mappers use them: vendor spellings compare equal, unknown values survive.
        Assert.Equal(ChatFinishReason.Stop, new ChatFinishReason("STOP"));
        Assert.Equal("network_error", new ChatFinishReason("network_error").Value);
        Assert.Equal(ChatRole.Assistant, new ChatRole("Assistant"));
        Assert.Equal("developer", new ChatRole("developer").ToString());
        Assert.Throws<ArgumentException>(() => new ChatRole(" "));
    }

    [Fact]
    public void LlmErrorKind_EqualityIsOrdinalAndUnknownValuesPreserved()
    {
        Assert.Equal(LlmErrorKind.RateLimited, new LlmErrorKind("rate_limited"));
        Assert.True(LlmErrorKind.Timeout == new LlmErrorKind("timeout"));
        Assert.True(LlmErrorKind.Timeout != new LlmErrorKind("Timeout"));
        Assert.False(LlmErrorKind.Timeout.Equals((object)"timeout"));
        Assert.Equal("vendor_specific", new LlmErrorKind("vendor_specific").ToString());
        Assert.Equal(LlmErrorKind.Unknown, default(LlmErrorKind));
        Assert.Equal(LlmErrorKind.Network.GetHashCode(), new LlmErrorKind("network").GetHashCode());
        Assert.Throws<ArgumentException>(() => new LlmErrorKind(""));
    }

    [Fact]
    public void LlmRequestException_MessageFormat()
    {
        var ex = new LlmRequestException("dashscope", LlmErrorKind.InvalidRequest, 400, "InvalidParameter", "Role must be user or assistant", "7671ecd8", isTransient: false);

        Assert.Equal("dashscope 400 InvalidParameter: Role must be user or assistant (request id 7671ecd8)", ex.Message);
        Assert.Equal("timeout", new LlmRequestException("openai", LlmErrorKind.Timeout, null, null, null, null, true).Message.Split(": ")[1]);
        Assert.Equal("zhipu 200: context too long", new LlmRequestException("zhipu", LlmErrorKind.ContextTooLong, 200, "", "  ", "", false).Message);
    }

    [Fact]
    public void LlmRequestException_CarriesEveryFieldAndOnlyTheRedactedVendorMessage()
    {
        var inner = new HttpRequestException("boom");
        var ex = new LlmRequestException(
            "openai", LlmErrorKind.Authentication, 401, "invalid_api_key", Redaction.RedactMessage("Incorrect API key provided: sk-proj-abcdefghijklmnop123."), "req_1", false, TimeSpan.FromSeconds(3), inner);

        Assert.Equal(("openai", LlmErrorKind.Authentication, 401, "invalid_api_key", "req_1", false), (ex.Provider, ex.Kind, ex.StatusCode, ex.ErrorCode, ex.RequestId, ex.IsTransient));
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Same(inner, ex.InnerException);
        Assert.StartsWith("openai 401 invalid_api_key: Incorrect API key provided: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop", ex.VendorMessage, StringComparison.Ordinal);
        Assert.Equal(("unknown", LlmErrorKind.Unknown), (new LlmRequestException().Provider, new LlmRequestException().Kind));
        Assert.Equal(("unknown", LlmErrorKind.Unknown, "m"), (new LlmRequestException("m").Provider, new LlmRequestException("m").Kind, new LlmRequestException("m", inner).Message));
    }

    [Fact]
    public void GetRequestId_ReadsTheReservedKeyOfResponsesUpdatesAndEmbeddings()
    {
        var response = new ChatResponse { AdditionalProperties = new() { [LlmAdditionalProperties.RequestId] = "r1" } };
        var update = new ChatResponseUpdate { AdditionalProperties = new() { ["request_id"] = "r2" } };
        var embeddings = new GeneratedEmbeddings<Embedding<float>> { AdditionalProperties = new() { ["request_id"] = "r3" } };

        Assert.Equal("request_id", LlmAdditionalProperties.RequestId);
        Assert.Equal(("r1", "r2", "r3"), (response.GetRequestId(), update.GetRequestId(), embeddings.GetRequestId()));
        Assert.Null(new ChatResponse().GetRequestId());
        Assert.Null(new ChatResponseUpdate { AdditionalProperties = new() { ["other"] = "x" } }.GetRequestId());
        Assert.Null(new GeneratedEmbeddings<Embedding<float>>().GetRequestId());
        Assert.Null(new ChatResponse { AdditionalProperties = new() { ["request_id"] = 42 } }.GetRequestId());
        Assert.Throws<ArgumentNullException>(() => ((ChatResponse)null!).GetRequestId());
    }

    [Fact]
    public void WithInputType_RoundTripsThroughGetInputTypeAndChains()
    {
        var options = new EmbeddingGenerationOptions { ModelId = "m" };

        var same = options.WithInputType(EmbeddingInputType.Query);

        Assert.Same(options, same);
        Assert.Equal(EmbeddingInputType.Query, options.AdditionalProperties![LlmAdditionalProperties.InputType]);
        Assert.Equal(EmbeddingInputType.Query, options.GetInputType());
        Assert.Equal(EmbeddingInputType.Document, options.WithInputType(EmbeddingInputType.Document).GetInputType());
        Assert.Null(((EmbeddingGenerationOptions?)null).GetInputType());
        Assert.Null(new EmbeddingGenerationOptions().GetInputType());
        Assert.Null(new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = null } }.GetInputType());
        Assert.Equal(new EmbeddingInputType("passage"), new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = "passage" } }.GetInputType());
        Assert.Throws<ArgumentNullException>(() => ((EmbeddingGenerationOptions)null!).WithInputType(EmbeddingInputType.Query));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(" ")]
    [InlineData("")]
    [InlineData(true)]
    public void GetInputType_WrongValue_ThrowsArgumentExceptionNamingTheKeyAndTheFix(object value)
    {
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [LlmAdditionalProperties.InputType] = value } };

        var ex = Assert.Throws<ArgumentException>(() => options.GetInputType());

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("\"input_type\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains(value.GetType().Name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("WithInputType(EmbeddingInputType.Query)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsReserved_OnlyOurKeys()
    {
        Assert.False(LlmAdditionalProperties.IsReserved(LlmAdditionalProperties.RequestId)); // a response key; on options Zhipu takes request_id as a field
        Assert.True(LlmAdditionalProperties.IsReserved(LlmAdditionalProperties.InputType));
        Assert.True(LlmAdditionalProperties.IsReserved(LlmAdditionalProperties.StrictJsonSchema));
        Assert.Equal("strictJsonSchema", LlmAdditionalProperties.StrictJsonSchema);
        Assert.False(LlmAdditionalProperties.IsReserved("user"));
        Assert.False(LlmAdditionalProperties.IsReserved("Request_Id"));
    }

    [Fact]
    public void LlmInstanceMetadata_IsAValueRecord()
    {
        var a = new LlmInstanceMetadata("deepseek", "deepseek", "OpenAI");

        Assert.Equal(a, new LlmInstanceMetadata("deepseek", "deepseek", "OpenAI"));
        Assert.NotEqual(a, a with { Vendor = "Zhipu" });
    }

    [Fact]
    public void ToChatResponse_CombinesTextReasoningToolCallsUsageAndIds()
    {
        var updates = new[]
        {
            new ChatResponseUpdate { ResponseId = "r", ModelId = "m", Contents = [new TextReasoningContent("think ")], AdditionalProperties = new() { ["request_id"] = "req" } },
            new ChatResponseUpdate { Contents = [new TextReasoningContent("more"), new TextContent("Hel")] },
            new ChatResponseUpdate { Contents = [new TextContent("lo")] },
            new ChatResponseUpdate
            {
                FinishReason = ChatFinishReason.ToolCalls,
                Contents = [new FunctionCallContent("c1", "f", new Dictionary<string, object?>()), new UsageContent(new UsageDetails { TotalTokenCount = 9 })],
                AdditionalProperties = new() { ["request_id"] = "req" },
            },
        };

        var response = updates.ToChatResponse();

        Assert.Equal("Hello", response.Text);
        Assert.Equal("think more", response.ReasoningText());
        Assert.Equal("c1", Assert.Single(response.FunctionCalls()).CallId);
        Assert.Equal(9, response.Usage!.TotalTokenCount);
        Assert.Equal(("r", "m"), (response.ResponseId, response.ModelId));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("req", response.GetRequestId());
    }

    [Fact]
    public void UsageDetails_Add_SumsOnlyReportedCounts()
    {
        var usage = new UsageDetails { InputTokenCount = 3 };
        usage.Add(new UsageDetails { InputTokenCount = 4, TotalTokenCount = 2 });

        Assert.Equal(7, usage.InputTokenCount);
        Assert.Equal(2, usage.TotalTokenCount);
        Assert.Null(usage.OutputTokenCount);
    }

    [Fact]
    public void PublicTypes_NeverShareASimpleNameWithMicrosoftExtensionsAI()
    {
        // Our contract is M.E.AI's: a public LlmClients type named like one of its types (ChatOptions, UsageDetails...)
        // would be ambiguous under the global "using Microsoft.Extensions.AI".
        var ours = new[] { typeof(LlmRequestException).Assembly, typeof(LlmClientRegistry).Assembly };
        var theirs = new[] { typeof(IChatClient).Assembly, typeof(ChatClientBuilder).Assembly };
        Assert.Equal(["LlmClients", "LlmClients.Abstractions"], ours.Select(a => a.GetName().Name).Order());
        Assert.Equal(["Microsoft.Extensions.AI", "Microsoft.Extensions.AI.Abstractions"], theirs.Select(a => a.GetName().Name).Order());

        var meaiNames = theirs.SelectMany(a => a.GetExportedTypes()).Select(SimpleName).ToHashSet(StringComparer.Ordinal);
        var ourTypes = ours.SelectMany(a => a.GetExportedTypes()).ToList();
        var clashes = ourTypes.Where(t => meaiNames.Contains(SimpleName(t))).Select(t => t.FullName).ToList();

        Assert.Contains(ourTypes, t => t == typeof(IEmbeddingClient));
        Assert.Contains("ChatOptions", meaiNames);
        Assert.Empty(clashes);

        static string SimpleName(Type type)
        {
            int tick = type.Name.IndexOf('`', StringComparison.Ordinal);
            return tick < 0 ? type.Name : type.Name[..tick];
        }
    }
}
