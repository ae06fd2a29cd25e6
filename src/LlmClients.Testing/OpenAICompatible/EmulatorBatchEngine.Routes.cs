using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LlmClients.Testing.OpenAICompatible;

internal sealed partial class EmulatorBatchEngine
{
    /// <summary>Maps <c>files</c> (unless the vendor maps its own and delegates) and <c>batches</c> under a group.</summary>
    public void Map(IEndpointRouteBuilder group, bool files)
    {
        if (files)
        {
            group.MapPost("/files", (RequestDelegate)(c => Authorized(c, UploadAsync)));
            group.MapGet("/files", (RequestDelegate)(c => Authorized(c, ListFilesAsync)));
            group.MapGet("/files/{id}", (RequestDelegate)(c => Authorized(c, ctx => FileAsync(ctx, Id(ctx)))));
            group.MapGet("/files/{id}/content", (RequestDelegate)(c => Authorized(c, ctx => ContentAsync(ctx, Id(ctx)))));
            group.MapDelete("/files/{id}", (RequestDelegate)(c => Authorized(c, ctx => DeleteAsync(ctx, Id(ctx)))));
        }

        group.MapPost("/batches", (RequestDelegate)(c => Authorized(c, CreateAsync)));
        group.MapGet("/batches", (RequestDelegate)(c => Authorized(c, ListAsync)));
        group.MapGet("/batches/{id}", (RequestDelegate)(c => Authorized(c, ctx => GetAsync(ctx, Id(ctx), cancel: false))));
        group.MapPost("/batches/{id}/cancel", (RequestDelegate)(c => Authorized(c, ctx => GetAsync(ctx, Id(ctx), cancel: true))));
    }

    /// <summary>Stores an uploaded batch input file and answers with the file object (used by vendors that route uploads themselves).</summary>
    public Task StoreUploadAsync(HttpContext context, string fileName, byte[] data)
    {
        var id = AddFile("batch", fileName, data, dialect.InputFileIdPrefix);
        return EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(FileJson(Files[id])));
    }

    /// <summary>Answers <c>GET files/{id}</c> for a batch file.</summary>
    public Task FileAsync(HttpContext context, string id) => Files.TryGetValue(id, out var file)
        ? EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(FileJson(file)))
        : NotFoundAsync(context, "File", id);

    /// <summary>Answers <c>GET files/{id}/content</c> with the raw JSONL (no Content-Type header, as DashScope's recording shows).</summary>
    public async Task ContentAsync(HttpContext context, string id)
    {
        if (!Files.TryGetValue(id, out var file))
        {
            await NotFoundAsync(context, "File", id).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = file.Data.Length;
        await context.Response.Body.WriteAsync(file.Data, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Answers <c>DELETE files/{id}</c>.</summary>
    public Task DeleteAsync(HttpContext context, string id) => Files.TryRemove(id, out _)
        ? EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["id"] = id, ["object"] = "file", ["deleted"] = true }))
        : NotFoundAsync(context, "File", id);

    private static string Id(HttpContext context) => (string?)context.Request.RouteValues["id"] ?? "";

    private async Task Authorized(HttpContext context, Func<HttpContext, Task> handler)
    {
        if (await dialect.Authorize(context).ConfigureAwait(false))
        {
            await handler(context).ConfigureAwait(false);
        }
    }

    private Task NotFoundAsync(HttpContext context, string what, string id) => dialect.WriteError(context, 404, "not_found", $"{what} {id} not found.");

    private async Task UploadAsync(HttpContext context)
    {
        var (purpose, parts) = await EmulatorForms.ReadUploadAsync(context).ConfigureAwait(false);
        if (purpose != "batch" || parts.Count == 0 || parts[^1].Data.Length == 0)
        {
            await dialect.WriteError(context, 400, "invalid_request", purpose != "batch" ? "'purpose' must be 'batch'." : "'file' is required and must not be empty.").ConfigureAwait(false);
            return;
        }

        await StoreUploadAsync(context, parts[^1].Name, parts[^1].Data).ConfigureAwait(false);
    }

    private Task ListFilesAsync(HttpContext context)
    {
        var data = new JsonArray([.. Files.Values.OrderByDescending(f => f.Id, StringComparer.Ordinal).Select(f => (JsonNode)FileJson(f))]);
        return EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = false }));
    }

    private async Task CreateAsync(HttpContext context)
    {
        var body = EmulatorJson.ParseObject(EmulatorRequestContext.From(context).Request.Body);
        var endpoint = body is null ? null : EmulatorJson.GetString(body, "endpoint");
        var fileId = body is null ? null : EmulatorJson.GetString(body, "input_file_id");
        if (body is null || endpoint is null || fileId is null || EmulatorJson.GetString(body, "completion_window") is null)
        {
            await dialect.WriteError(context, 400, "invalid_request", "input_file_id, endpoint and completion_window are required.").ConfigureAwait(false);
            return;
        }

        if (endpoint != dialect.UrlPrefix + "/chat/completions" && endpoint != dialect.UrlPrefix + "/embeddings")
        {
            await dialect.WriteError(context, 400, "invalid_request", $"The endpoint '{endpoint}' is not supported by the Batch API.").ConfigureAwait(false);
            return;
        }

        if (!Files.TryGetValue(fileId, out var file) || file.Purpose != "batch")
        {
            await NotFoundAsync(context, "File", fileId).ConfigureAwait(false);
            return;
        }

        var (lines, errors) = Validate(file.Data, endpoint);
        var controls = Controls;
        var batch = new Batch(NextId("batch_emu"), endpoint, fileId, state.Options.TimeProvider.GetUtcNow())
        {
            CompletionWindow = EmulatorJson.GetString(body, "completion_window")!,
            Metadata = body["metadata"]?.DeepClone(),
            Lines = lines,
            Errors = errors,
            Fault = controls.TakeFault(),
            Validating = controls.Scaled(Validating),
            Running = controls.Scaled(Running),
            Finalizing = controls.Scaled(Finalizing),
        };
        if (batch.Fault == EmulatorBatchFault.FailValidation)
        {
            batch.Errors.Add(Error("invalid_request", "Emulated validation failure.", "body", 2));
        }

        Batches[batch.Id] = batch;
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(BatchJson(batch))).ConfigureAwait(false);
    }

    /// <summary>Checks the input file as the vendors do (asynchronously: errors fail the batch after validating).</summary>
    private static (List<(string, JsonObject)> Lines, List<JsonObject> Errors) Validate(byte[] data, string endpoint)
    {
        var lines = new List<(string, JsonObject)>();
        var errors = new List<JsonObject>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? model = null;
        var number = 0;
        foreach (var text in Encoding.UTF8.GetString(data).Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = EmulatorJson.ParseObject(text);
            var customId = line is null ? null : EmulatorJson.GetString(line, "custom_id");
            var error = line is null ? Error("invalid_json_line", "This line is not valid JSON.", null, number)
                : string.IsNullOrEmpty(customId) || !ids.Add(customId) ? Error("duplicate_custom_id", "custom_id must be present and unique.", "custom_id", number)
                : EmulatorJson.GetString(line, "method") != "POST" ? Error("invalid_method", "Only POST is supported.", "method", number)
                : EmulatorJson.GetString(line, "url") != endpoint ? Error("url_not_found", $"The provided url '{EmulatorJson.GetString(line, "url")}' does not match the batch endpoint.", "url", number)
                : line["body"] is not JsonObject body || EmulatorJson.GetString(body, "model") is not { } m ? Error("missing_model", "body.model is required.", "body.model", number)
                : (model ??= m) != m ? Error("mismatched_model", "Every line of a batch file must use the same model.", "body.model", number)
                : body["stream"] is JsonValue stream && stream.TryGetValue<bool>(out var s) && s ? Error("invalid_stream", "Batch requests cannot stream.", "body.stream", number)
                : null;
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            lines.Add((customId!, (JsonObject)line!["body"]!));
        }

        if (lines.Count == 0 && errors.Count == 0)
        {
            errors.Add(Error("empty_file", "The input file has no requests.", null, null));
        }

        return (lines, errors);
    }

    private static JsonObject Error(string code, string message, string? param, int? line) =>
        new() { ["code"] = code, ["message"] = message, ["param"] = param, ["line"] = line };

    private async Task GetAsync(HttpContext context, string id, bool cancel)
    {
        if (!Batches.TryGetValue(id, out var batch))
        {
            await NotFoundAsync(context, "Batch", id).ConfigureAwait(false);
            return;
        }

        Advance(batch);
        JsonObject json;
        lock (batch)
        {
            if (cancel && batch.Ended is null && batch.CancelAt is null)
            {
                batch.CancelAt = state.Options.TimeProvider.GetUtcNow();
            }

            json = BatchJson(batch);
        }

        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(json)).ConfigureAwait(false);
    }

    private Task ListAsync(HttpContext context)
    {
        var all = Batches.Values.OrderByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var after = context.Request.Query["after"].ToString();
        if (after.Length > 0)
        {
            all = [.. all.SkipWhile(b => b.Id != after).Skip(1)];
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var l) && l is > 0 and <= 100 ? l : 20;
        var page = all.Take(limit).ToList();
        page.ForEach(Advance);
        var data = page.Count == 0 && dialect.NullDataWhenEmpty ? null : new JsonArray([.. page.Select(b => { lock (b) { return (JsonNode)BatchJson(b); } })]);
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["first_id"] = page.Count > 0 ? page[0].Id : null,
            ["last_id"] = page.Count > 0 ? page[^1].Id : null,
            ["has_more"] = all.Count > page.Count,
        };
        return EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response));
    }

    private JsonObject BatchJson(Batch batch)
    {
        var now = state.Options.TimeProvider.GetUtcNow();
        var status = Status(batch, now);
        var validated = batch.CreatedAt + batch.Validating;
        var total = batch.Lines.Count + batch.Errors.Count;
        var completed = batch.Ended is not null ? batch.Completed : status == "in_progress" ? DoneAt(batch, now) : status == "finalizing" ? batch.Lines.Count : batch.CancelAt is { } c ? DoneAt(batch, c) : 0;
        JsonNode counts = status == "validating" && dialect.NullCountsWhileValidating
            ? new JsonObject { ["total"] = null, ["completed"] = null, ["failed"] = null }
            : new JsonObject { ["total"] = status == "failed" ? 0 : total, ["completed"] = completed, ["failed"] = batch.Failed };
        return new JsonObject
        {
            ["id"] = batch.Id,
            ["object"] = "batch",
            ["endpoint"] = batch.Endpoint,
            ["errors"] = status == "failed" ? new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. batch.Errors.Select(e => e.DeepClone())]) } : null,
            ["input_file_id"] = batch.InputFileId,
            ["completion_window"] = batch.CompletionWindow,
            ["status"] = status,
            ["output_file_id"] = FileId(batch.OutputFileId),
            ["error_file_id"] = FileId(batch.ErrorFileId),
            ["created_at"] = Unix(batch.CreatedAt),
            ["in_progress_at"] = now >= validated && status != "failed" ? Stamp(validated) : null,
            ["expires_at"] = dialect.NullExpiresAt ? null : Stamp(batch.CreatedAt + TimeSpan.FromHours(24)),
            ["finalizing_at"] = status is "finalizing" or "completed" ? Stamp(validated + batch.Running) : null,
            ["completed_at"] = status == "completed" ? Stamp(batch.EndedAt) : null,
            ["failed_at"] = status == "failed" ? Stamp(batch.EndedAt) : null,
            ["expired_at"] = status == "expired" ? Stamp(batch.EndedAt) : null,
            ["cancelling_at"] = Stamp(batch.CancelAt),
            ["cancelled_at"] = status == "cancelled" ? Stamp(batch.EndedAt) : null,
            ["request_counts"] = counts,
            ["metadata"] = batch.Metadata?.DeepClone(),
        };
    }

    private static JsonObject FileJson(BatchFile file) => new()
    {
        ["id"] = file.Id,
        ["object"] = "file",
        ["bytes"] = file.Data.Length,
        ["created_at"] = file.CreatedAt,
        ["filename"] = file.FileName,
        ["purpose"] = file.Purpose,
        ["status"] = "processed",
    };
}
