namespace LlmClients.Testing.DashScope;

internal static partial class DashScopeEmulatorRoutes
{
    private static async Task HandleCompatibleChatAsync(HttpContext context, EmulatorState state, FileStore files, JsonObject body)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        var fileIds = new List<string>();
        foreach (var message in (body["messages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (EmulatorJson.GetString(message, "role") == "system" && EmulatorJson.GetString(message, "content") is { } content && content.StartsWith("fileid://", StringComparison.Ordinal))
            {
                fileIds.AddRange(content.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id => id["fileid://".Length..]));
            }
        }

        if ((CheckFiles(model, fileIds, files) ?? CheckDocuments(state, model, body["messages"])) is { } error)
        {
            await EmulatorResponses.WriteRawAsync(context, 400, OpenAICompatibleEmulatorDialect.ErrorBody(400, "invalid_parameter_error", error, param: null)).ConfigureAwait(false);
            return;
        }

        await OpenAICompatibleEmulatorRoutes.HandleChatAsync(context, state, body).ConfigureAwait(false);
    }

    private static async Task HandleUploadAsync(HttpContext context, EmulatorState state, FileStore files, EmulatorBatchEngine batches)
    {
        if (!await AuthorizeCompatibleAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        // The middleware has already read the body into the request log; parse the multipart form from there.
        var (purpose, parts) = await EmulatorForms.ReadUploadAsync(context).ConfigureAwait(false);
        string? fileName = parts.Count > 0 ? parts[^1].Name : null;
        byte[] data = parts.Count > 0 ? parts[^1].Data : [];

        if (purpose == "batch" && fileName is not null && data.Length > 0)
        {
            await batches.StoreUploadAsync(context, fileName, data).ConfigureAwait(false);
            return;
        }

        string? error = purpose != "file-extract" ? "'purpose' must be 'file-extract'" : fileName is null ? "'file' is required" : data.Length == 0 ? "The uploaded file is empty." : null;
        if (error is not null)
        {
            // Verbatim shape of upload-file-error-nosse (2024-07).
            var param = error.Contains("purpose", StringComparison.Ordinal) ? "purpose" : "file";
            await EmulatorResponses.WriteRawAsync(context, 400, OpenAICompatibleEmulatorDialect.ErrorBody(400, null, error, param)).ConfigureAwait(false);
            return;
        }

        var file = new StoredFile(files.NextId(), fileName!, purpose!, state.UnixNow(), data);
        files.Files[file.Id] = file;
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(FileJson(file))).ConfigureAwait(false);
    }

    private static async Task HandleFilesAsync(HttpContext context, EmulatorState state, FileStore files, string? id)
    {
        if (!await AuthorizeCompatibleAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (id is not null)
        {
            await (files.Files.TryGetValue(id, out var file)
                ? EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(FileJson(file)))
                : WriteFileNotFoundAsync(context, id)).ConfigureAwait(false);
            return;
        }

        var all = files.Files.Values.OrderByDescending(f => f.Id, StringComparer.Ordinal).ToList();
        var after = context.Request.Query["after"].ToString();
        if (after.Length > 0)
        {
            all = [.. all.SkipWhile(f => f.Id != after).Skip(1)];
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var l) && l > 0 ? l : 20;
        var page = all.Take(limit).ToList();
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. page.Select(f => (JsonNode)FileJson(f))]),
            ["has_more"] = all.Count > page.Count,
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleFileContentAsync(HttpContext context, EmulatorState state, FileStore files, string? id)
    {
        if (!await AuthorizeCompatibleAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (id is null || !files.Files.TryGetValue(id, out var file))
        {
            await WriteFileNotFoundAsync(context, id ?? "").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Data.Length;
        await context.Response.Body.WriteAsync(file.Data, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task HandleDeleteAsync(HttpContext context, EmulatorState state, FileStore files, string? id)
    {
        if (!await AuthorizeCompatibleAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (id is null || !files.Files.TryRemove(id, out _))
        {
            await WriteFileNotFoundAsync(context, id ?? "").ConfigureAwait(false);
            return;
        }

        var response = new JsonObject { ["id"] = id, ["object"] = "file", ["deleted"] = true };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static Task WriteFileNotFoundAsync(HttpContext context, string id) =>
        EmulatorResponses.WriteRawAsync(context, 404, OpenAICompatibleEmulatorDialect.ErrorBody(404, "not_found", $"File {id} not found.", "file_id"));

    private static Task<bool> AuthorizeCompatibleAsync(HttpContext context, EmulatorState state) => OpenAICompatibleEmulatorRoutes.AuthorizeAsync(context, state);

    private static JsonObject FileJson(StoredFile file) => new()
    {
        ["id"] = file.Id,
        ["object"] = "file",
        ["bytes"] = file.Bytes,
        ["filename"] = file.FileName,
        ["purpose"] = file.Purpose,
        ["status"] = "processed",
        ["created_at"] = file.CreatedAt,
    };
}
