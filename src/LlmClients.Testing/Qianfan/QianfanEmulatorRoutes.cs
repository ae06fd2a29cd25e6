namespace LlmClients.Testing.Qianfan;

/// <summary>
/// Qianfan routes: <c>/oauth/2.0/token</c>, v1 <c>/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/{endpoint}</c> (sync and
/// stream) and <c>.../embeddings/{endpoint}</c>, and v2 (the OpenAI-compatible routes under <c>/v2</c>). See <see cref="QianfanEmulator"/>.
/// </summary>
internal static partial class QianfanEmulatorRoutes
{
    private const int MaxEmbeddingTexts = 16;

    public static void Map(IEndpointRouteBuilder endpoints, EmulatorState state)
    {
        var control = QianfanEmulator.Of(state);
        var oauth = endpoints.MapGroup(QianfanEmulator.OAuthPrefix).WithMetadata(QianfanEmulatorDialect.Instance);
        oauth.MapMethods("/token", ["GET", "POST"], (RequestDelegate)(context => HandleTokenAsync(context, control)));

        var iam = endpoints.MapGroup(QianfanEmulator.IamPrefix).WithMetadata(QianfanEmulatorDialect.Instance);
        iam.MapGet("/token", (RequestDelegate)(context => HandleIamTokenAsync(context, control)));

        var v1 = endpoints.MapGroup(QianfanEmulator.V1Prefix).WithMetadata(QianfanEmulatorDialect.Instance);
        v1.MapPost("/chat/{endpoint}", (RequestDelegate)(context => HandleV1Async(context, control, HandleChatAsync)));
        v1.MapPost("/embeddings/{endpoint}", (RequestDelegate)(context => HandleV1Async(context, control, HandleEmbeddingsAsync)));

        OpenAICompatibleEmulatorRoutes.Map(endpoints, state, QianfanEmulator.V2Prefix);
    }

    private static Task HandleTokenAsync(HttpContext context, QianfanEmulator control)
    {
        var query = context.Request.Query;
        string? error = null;
        if (query["grant_type"].ToString() != "client_credentials")
        {
            error = "unsupported grant_type";
        }
        else if (query["client_id"].ToString() is not { Length: > 0 } ak || ak == control.State.Options.RejectedApiKey)
        {
            error = "unknown client id";
        }
        else if (query["client_secret"].ToString() is not { Length: > 0 } sk || sk == QianfanEmulator.RejectedSecretKey)
        {
            error = "Client authentication failed";
        }

        if (error is not null)
        {
            control.CountFailedExchange();
            return EmulatorResponses.WriteRawAsync(
                context, StatusCodes.Status401Unauthorized, EmulatorJson.Serialize(new JsonObject { ["error_description"] = error, ["error"] = "invalid_client" }));
        }

        var token = control.Issue();
        var body = new JsonObject
        {
            ["refresh_token"] = "25." + token[3..],
            ["expires_in"] = 2592000,
            ["session_key"] = "emulator-session-key",
            ["access_token"] = token,
            ["scope"] = "public brain_all_scope wenxinworkshop_mgr",
            ["session_secret"] = "emulator-session-secret",
        };
        return EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(body));
    }

    private static async Task HandleV1Async(HttpContext context, QianfanEmulator control, Func<HttpContext, QianfanEmulator, JsonObject, string, Task> handler)
    {
        // Quirk (emulated): every v1 business error, auth included, is HTTP 200 + error_code.
        if (control.Check(context.Request.Query["access_token"].ToString()) is int authCode)
        {
            await WriteErrorAsync(context, authCode).ConfigureAwait(false);
            return;
        }

        if (control.TryTakeError(out var queued))
        {
            await EmulatorResponses.WriteRawAsync(context, StatusCodes.Status200OK, QianfanEmulatorDialect.Body(queued.Code, queued.Message)).ConfigureAwait(false);
            return;
        }

        if (EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body) is not { } body)
        {
            await WriteErrorAsync(context, 336002, "invalid JSON").ConfigureAwait(false);
            return;
        }

        await handler(context, control, body, context.Request.RouteValues["endpoint"]?.ToString() ?? "").ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, int code, string? message = null) =>
        EmulatorResponses.WriteRawAsync(context, StatusCodes.Status200OK, QianfanEmulatorDialect.Body(code, message ?? QianfanEmulator.MessageFor(code)));

    private static async Task HandleChatAsync(HttpContext context, QianfanEmulator control, JsonObject body, string endpoint)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            await WriteErrorAsync(context, 336003, "messages can not be empty").ConfigureAwait(false);
            return;
        }

        // Same checks as [QF-MOCK] check_messages.
        if (messages.Count % 2 == 0)
        {
            await WriteErrorAsync(context, 336003, "messages length must be odd").ConfigureAwait(false);
            return;
        }

        var promptChars = (EmulatorJson.GetString(body, "system") ?? "").Length;
        var text = "";
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] as JsonObject;
            var role = message is null ? null : EmulatorJson.GetString(message, "role");
            var ok = i % 2 == 0 ? role == "user" || (role == "function" && i > 0) : role == "assistant";
            if (!ok)
            {
                await WriteErrorAsync(context, 336003, string.Create(CultureInfo.InvariantCulture, $"invalid role in message {i}")).ConfigureAwait(false);
                return;
            }

            if (message!["content"] is JsonArray)
            {
                // v1 is text only: a list of parts (images, audio) is a parameter error, never a crash.
                await WriteErrorAsync(context, 336003, string.Create(CultureInfo.InvariantCulture, $"messages[{i}].content must be a string; v1 chat is text only")).ConfigureAwait(false);
                return;
            }

            var content = EmulatorJson.GetString(message, "content") ?? "";
            promptChars += content.Length;
            text = content;
        }

        var lastRole = messages[^1] is JsonObject last ? EmulatorJson.GetString(last, "role") : null;
        var functionName = EmulatorTools.ToolToCall(body["functions"], body["tool_choice"], lastRole, text);
        var reply = functionName is null ? EmulatorTools.ReplyText(endpoint, text, body["response_format"]) : "";
        var arguments = functionName is null ? null : EmulatorTools.Arguments(body["functions"], functionName, text);
        var prompt = EmulatorReplies.EstimateTokens(promptChars);
        var completion = EmulatorReplies.EstimateTokens((functionName is null ? reply : arguments!).Length);
        var id = string.Create(CultureInfo.InvariantCulture, $"as-emu{control.State.NextResponseId()}");
        JsonObject Event(string result, bool end, int completionTokens)
        {
            var e = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = control.State.UnixNow(),
                ["result"] = result,
                ["is_truncated"] = false,
                ["need_clear_history"] = false,
                ["finish_reason"] = functionName is null || !end ? "normal" : "function_call",
                ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completionTokens, ["total_tokens"] = prompt + completionTokens },
            };
            if (end && functionName is not null)
            {
                e["function_call"] = new JsonObject { ["name"] = functionName, ["thoughts"] = "The user asked about the weather.", ["arguments"] = arguments };
            }

            return e;
        }

        if (!EmulatorJson.GetBool(body, "stream"))
        {
            await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(Event(reply, end: true, completion))).ConfigureAwait(false);
            return;
        }

        // Quirk (emulated): "data: {...}" events with sentence_id and is_end, finish_reason "normal" on every one,
        // completion_tokens 0 until the last event, which has an empty result and is_end:true; no [DONE].
        var writer = await EmulatorSseWriter.StartAsync(context).ConfigureAwait(false);
        var pieces = functionName is null ? EmulatorReplies.SplitForStreaming(reply) : [];
        for (var i = 0; i < pieces.Count && !writer.Stopped; i++)
        {
            var e = Event(pieces[i], end: false, 0);
            e["sentence_id"] = i;
            e["is_end"] = false;
            await writer.WriteDataAsync(EmulatorJson.Serialize(e)).ConfigureAwait(false);
        }

        var final = Event("", end: true, completion);
        final["sentence_id"] = pieces.Count;
        final["is_end"] = true;
        await writer.WriteDataAsync(EmulatorJson.Serialize(final)).ConfigureAwait(false);
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task HandleEmbeddingsAsync(HttpContext context, QianfanEmulator control, JsonObject body, string endpoint)
    {
        if (body["input"] is not JsonArray { Count: > 0 } input || input.Any(i => EmulatorJson.AsString(i) is not { Length: > 0 }))
        {
            await WriteErrorAsync(context, 336003, "input must be a non-empty list of non-empty strings").ConfigureAwait(false);
            return;
        }

        var max = endpoint == "tao_8k" ? 1 : MaxEmbeddingTexts;
        if (input.Count > max)
        {
            await WriteErrorAsync(context, 336003, string.Create(CultureInfo.InvariantCulture, $"embeddings max batch size is {max}")).ConfigureAwait(false);
            return;
        }

        var dimensions = endpoint is "bge_large_zh" or "bge_large_en" or "tao_8k" ? 1024 : 384;
        var data = new List<JsonNode>(input.Count);
        var tokens = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var text = EmulatorJson.AsString(input[i])!;
            tokens += EmulatorReplies.EstimateTokens(text.Length);
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["embedding"] = new JsonArray([.. EmulatorReplies.Embedding(text, dimensions).Select(v => (JsonNode)v)]),
                ["index"] = i,
            });
        }

        var response = new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"as-emu{control.State.NextResponseId()}"),
            ["object"] = "embedding_list",
            ["created"] = control.State.UnixNow(),
            ["data"] = new JsonArray([.. data]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }
}
