using System.Text.Json;
using System.Text.Json.Nodes;
using LlmClients.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Flavours;

/// <summary>
/// Structured output end to end for every flavour: <see cref="ChatResponseFormat.ForJsonSchema(JsonElement, string?, string?)"/>
/// goes out as <c>response_format</c> <c>json_schema</c> (DashScope native: in <c>parameters</c>) and the emulator answers
/// with JSON built from that schema (<see cref="EmulatorReplies.JsonSchemaText"/>), which parses, and which M.E.AI's typed
/// <c>GetResponseAsync&lt;T&gt;</c> turns into a <typeparamref name="T"/>. Qianfan v1 takes no schema: it fails before any request,
/// and <see cref="ChatResponseFormat.Json"/> works there as everywhere.
/// </summary>
public sealed class JsonSchemaEndToEndTests : IAsyncLifetime
{
    private const string Prompt = "Report the weather in Hangzhou as JSON.";
    private const string SchemaName = "weather_report";
    private const string SchemaDescription = "A weather report for one city.";

    private const string SchemaJson = """
        {
          "type": "object",
          "properties": {
            "city": { "type": "string", "description": "The city." },
            "temperature": { "type": "integer", "minimum": -50, "maximum": 60 },
            "humidity": { "type": "number", "minimum": 0, "maximum": 1 },
            "sunny": { "type": "boolean" },
            "unit": { "type": "string", "enum": ["celsius", "fahrenheit"] },
            "tags": { "type": "array", "items": { "type": "string" }, "minItems": 2 },
            "observed": { "type": "string", "format": "date-time" },
            "wind": {
              "type": "object",
              "properties": { "speed": { "type": "number" }, "direction": { "type": ["string", "null"] } },
              "required": ["speed", "direction"],
              "additionalProperties": false
            }
          },
          "required": ["city", "temperature", "humidity", "sunny", "unit", "tags", "observed", "wind"],
          "additionalProperties": false
        }
        """;

    private LlmEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await LlmEmulator.StartAsync();
        _services = AllFlavours.Build(_emulator, Model);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("openai", false)]
    [InlineData("openai", true)]
    [InlineData("dashscope-compatible", false)]
    [InlineData("dashscope-compatible", true)]
    [InlineData("dashscope-native", false)]
    [InlineData("dashscope-native", true)]
    [InlineData("zhipu", false)]
    [InlineData("zhipu", true)]
    [InlineData("zhipu-jwt", false)]
    [InlineData("zhipu-jwt", true)]
    [InlineData("qianfan-v2", false)]
    [InlineData("qianfan-v2", true)]
    public async Task ForJsonSchema_SendsSchemaAndGetsJsonThatConforms(string name, bool streaming)
    {
        using var schema = JsonDocument.Parse(SchemaJson);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, SchemaName, SchemaDescription) };

        var text = await AskAsync(name, options, streaming);

        var echo = EmulatorReplies.ChatText(Model(name), Prompt);
        Assert.Equal(EmulatorReplies.JsonSchemaText(Model(name), Prompt, JsonNode.Parse(SchemaJson)!), text);
        using var reply = JsonDocument.Parse(text);
        var root = reply.RootElement;
        Assert.Equal(
            ["city", "temperature", "humidity", "sunny", "unit", "tags", "observed", "wind"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(echo, root.GetProperty("city").GetString());
        Assert.Equal(1, root.GetProperty("temperature").GetInt32());
        Assert.Equal(1.0, root.GetProperty("humidity").GetDouble()); // 1.5 moved inside maximum 1
        Assert.True(root.GetProperty("sunny").GetBoolean());
        Assert.Equal("celsius", root.GetProperty("unit").GetString());
        Assert.Equal([echo, echo], root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), root.GetProperty("observed").GetDateTimeOffset());
        Assert.Equal(1.5, root.GetProperty("wind").GetProperty("speed").GetDouble());
        Assert.Equal(echo, root.GetProperty("wind").GetProperty("direction").GetString());

        var format = ResponseFormat(name);
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var jsonSchema = format.GetProperty("json_schema");
        Assert.Equal(SchemaName, jsonSchema.GetProperty("name").GetString());
        Assert.Equal(SchemaDescription, jsonSchema.GetProperty("description").GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SchemaJson), JsonNode.Parse(jsonSchema.GetProperty("schema").GetRawText())), "the schema goes out unchanged");
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("dashscope-compatible")]
    [InlineData("dashscope-native")]
    [InlineData("zhipu")]
    [InlineData("zhipu-jwt")]
    [InlineData("qianfan-v2")]
    public async Task TypedGetResponse_SendsSchemaOfTypeAndDeserializesReply(string name)
    {
        var response = await Chat(name).GetResponseAsync<WeatherReport>(Prompt);

        Assert.True(response.TryGetResult(out var report), $"{name}: the reply should deserialize: {response.Text}");
        var echo = EmulatorReplies.ChatText(Model(name), Prompt);
        Assert.Equal(echo, report!.City);
        Assert.Equal(1, report.TemperatureC);
        Assert.Equal(1.5, report.Humidity);
        Assert.True(report.Sunny);
        Assert.Equal([echo], report.Tags);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), report.Observed);
        Assert.Equal(1.5, report.Wind.Speed);
        Assert.Equal(echo, report.Wind.Direction);

        // M.E.AI sent the schema it derived from the type.
        var format = ResponseFormat(name);
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var properties = format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties");
        Assert.Equal(7, properties.EnumerateObject().Count());
        Assert.Equal("integer", properties.EnumerateObject().Single(p => p.Name.Equals(nameof(WeatherReport.TemperatureC), StringComparison.OrdinalIgnoreCase)).Value.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("openai", false)]
    [InlineData("dashscope-compatible", false)]
    [InlineData("dashscope-native", true)]
    [InlineData("zhipu", false)]
    [InlineData("zhipu-jwt", true)]
    [InlineData("qianfan-v2", false)]
    [InlineData("qianfan-v1", false)]
    [InlineData("qianfan-v1", true)]
    [InlineData("spark", false)]
    [InlineData("spark", true)]
    public async Task JsonMode_SendsJsonObjectAndGetsJsonEcho(string name, bool streaming)
    {
        var text = await AskAsync(name, new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, streaming);

        using var reply = JsonDocument.Parse(text);
        Assert.Equal(EmulatorReplies.ChatText(Model(name), Prompt), reply.RootElement.GetProperty("echo").GetString());
        var format = ResponseFormat(name);
        if (name == "qianfan-v1")
        {
            Assert.Equal("json_object", format.GetString()); // v1 spells it as a bare string.
        }
        else
        {
            Assert.Equal("json_object", format.GetProperty("type").GetString());
            Assert.False(format.TryGetProperty("json_schema", out _));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QianfanV1_ForJsonSchema_ThrowsArgumentExceptionBeforeAnyRequest(bool streaming)
    {
        using var schema = JsonDocument.Parse(SchemaJson);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, SchemaName, SchemaDescription) };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => AskAsync("qianfan-v1", options, streaming));

        Assert.Contains("Qianfan v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ChatResponseFormat.Json", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests.Snapshot());
        Assert.Equal(0, _emulator.Qianfan.TokenExchangeCount);
    }

    [Fact]
    public async Task QianfanV1_TypedGetResponse_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Chat("qianfan-v1").GetResponseAsync<WeatherReport>(Prompt));

        Assert.Contains("JSON schema", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests.Snapshot());
    }

    [Fact]
    public void EmulatorRule_FollowsRefsCombinatorsConstantsAndBounds()
    {
        // The corners the end-to-end schemas above do not reach, checked on the rule the emulator applies.
        var schema = JsonNode.Parse("""
            {
              "type": "object",
              "$defs": { "point": { "type": "object", "properties": { "x": { "type": "number", "exclusiveMinimum": 2 } } } },
              "properties": {
                "origin": { "$ref": "#/$defs/point" },
                "count": { "anyOf": [{ "type": "null" }, { "type": "integer", "maximum": -3 }] },
                "kind": { "const": "fixed" },
                "none": { "type": "array", "maxItems": 0 },
                "open": { "type": "object" },
                "closed": { "type": "object", "additionalProperties": false },
                "id": { "type": "string", "format": "uuid" },
                "nothing": { "type": "null" }
              }
            }
            """)!;

        var text = EmulatorReplies.JsonSchemaText("m", "p", schema);

        Assert.Equal(
            """{"origin":{"x":2.5},"count":-3,"kind":"fixed","none":[],"open":{"echo":"Echo from m: p"},"closed":{},"id":"00000000-0000-0000-0000-000000000000","nothing":null}""",
            text);
        Assert.Equal(EmulatorReplies.JsonText("m", "p"), EmulatorReplies.JsonSchemaText("m", "p", JsonNode.Parse("""{"type":"object"}""")!));
    }

    private static string Model(string name) => name switch
    {
        "openai" => "gpt-4o-mini",
        "dashscope-compatible" or "dashscope-native" => "qwen-plus",
        "zhipu" or "zhipu-jwt" => "glm-4",
        "spark" => "generalv3.5",
        _ => "ernie-lite-8k", // Qianfan: v2 echoes the model, v1 the endpoint of the same name.
    };

    private IChatClient Chat(string name) => _services.GetRequiredKeyedService<IChatClient>(name);

    private async Task<string> AskAsync(string name, ChatOptions options, bool streaming)
    {
        if (!streaming)
        {
            return (await Chat(name).GetResponseAsync(Prompt, options)).Text;
        }

        var text = new System.Text.StringBuilder();
        await foreach (var update in Chat(name).GetStreamingResponseAsync(Prompt, options))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }

    /// <summary>The <c>response_format</c> of the one chat request sent (DashScope native: in <c>parameters</c>).</summary>
    private JsonElement ResponseFormat(string name)
    {
        var request = Assert.Single(_emulator.Requests.Snapshot(), r => r.Path.StartsWith(AllFlavours.ChatPath(name), StringComparison.Ordinal));
        var root = JsonDocument.Parse(request.Body).RootElement;
        var fields = name == "dashscope-native" ? root.GetProperty("parameters") : root;
        Assert.True(fields.TryGetProperty("response_format", out var format), $"{name} should send response_format: {request.Body}");
        return format.Clone();
    }

    /// <summary>The typed answer; M.E.AI derives its JSON schema.</summary>
    public sealed record WeatherReport(string City, int TemperatureC, double Humidity, bool Sunny, List<string> Tags, DateTimeOffset Observed, Wind Wind);

    /// <summary>A nested object of <see cref="WeatherReport"/>.</summary>
    public sealed record Wind(double Speed, string? Direction);
}
