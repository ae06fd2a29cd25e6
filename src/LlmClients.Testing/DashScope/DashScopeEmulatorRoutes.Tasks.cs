using System.IO.Compression;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LlmClients.Testing.DashScope;

/// <summary>
/// Native files (<c>/api/v1/files</c>: several <c>file</c> parts and a <c>purpose</c> field, partial success at HTTP 200),
/// async tasks (<c>/api/v1/tasks</c>: get, cancel while PENDING, list; an unknown id answers <c>UNKNOWN</c> at HTTP 200),
/// batch embeddings (<c>text-embedding-async-v1/v2</c> with <c>X-DashScope-Async: enable</c>, input read from a native
/// file's URL, result a <c>.txt.gz</c>), and the object storage those URLs point at (<c>/dashscope-oss</c>, which
/// rejects requests that carry an <c>Authorization</c> header, as signed OSS URLs do).
/// </summary>
internal static partial class DashScopeEmulatorRoutes
{
    private static void MapTasks(IEndpointRouteBuilder endpoints, RouteGroupBuilder native, EmulatorState state, BatchStore store)
    {
        native.MapPost("/files", (RequestDelegate)(context => HandleNativeUploadAsync(context, state, store)));
        native.MapGet("/files", (RequestDelegate)(context => HandleNativeFilesAsync(context, state, store, null)));
        native.MapGet("/files/{id}", (RequestDelegate)(context => HandleNativeFilesAsync(context, state, store, (string?)context.Request.RouteValues["id"])));
        native.MapDelete("/files/{id}", (RequestDelegate)(context => HandleNativeDeleteAsync(context, state, store, (string?)context.Request.RouteValues["id"])));
        native.MapGet("/tasks", (RequestDelegate)(context => HandleListTasksAsync(context, state, store)));
        native.MapGet("/tasks/{id}", (RequestDelegate)(context => HandleGetTaskAsync(context, state, store, (string?)context.Request.RouteValues["id"] ?? "")));
        native.MapPost("/tasks/{id}/cancel", (RequestDelegate)(context => HandleCancelTaskAsync(context, state, store, (string?)context.Request.RouteValues["id"] ?? "")));
        var oss = endpoints.MapGroup(DashScopeEmulator.OssPrefix).WithMetadata(DashScopeEmulatorDialect.Instance);
        oss.MapGet("/{**path}", (RequestDelegate)(context => HandleOssAsync(context, state, store, (string?)context.Request.RouteValues["path"] ?? "")));
    }

    private static bool IsBatchModel(JsonObject body) => EmulatorJson.GetString(body, "model")?.StartsWith("text-embedding-async", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task HandleBatchSubmitAsync(HttpContext context, EmulatorState state, BatchStore store, JsonObject body)
    {
        var model = EmulatorJson.GetString(body, "model")!;
        if (!string.Equals(context.Request.Headers["X-DashScope-Async"], "enable", StringComparison.OrdinalIgnoreCase))
        {
            await WriteNativeErrorAsync(context, 403, "AccessDenied", "current user api does not support synchronous calls").ConfigureAwait(false);
            return;
        }

        if (model is not ("text-embedding-async-v1" or "text-embedding-async-v2"))
        {
            await WriteNativeErrorAsync(context, 400, "InvalidParameter", $"Model not exist: {model}.").ConfigureAwait(false);
            return;
        }

        if (EmulatorJson.GetString(body["input"] as JsonObject ?? [], "url") is not { Length: > 0 } url)
        {
            await WriteNativeErrorAsync(context, 400, "InvalidParameter", "Required parameter \"input.url\" missing from request.").ConfigureAwait(false);
            return;
        }

        // The service downloads the input file itself; the emulator can read only its own native files.
        var file = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? store.FileFromUrl(uri) : null;
        var task = new EmulatedTask(Guid.NewGuid().ToString(), model, RequestId(context), state.Options.TimeProvider.GetUtcNow(), DashScopeEmulator.Of(state).RunningPolls)
        {
            Lines = file is null ? null : SplitLines(Encoding.UTF8.GetString(file.Data)),
        };
        store.Tasks[task.Id] = task;
        var response = new JsonObject
        {
            ["output"] = new JsonObject { ["task_status"] = "PENDING", ["task_id"] = task.Id },
            ["request_id"] = task.RequestId,
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleGetTaskAsync(HttpContext context, EmulatorState state, BatchStore store, string id)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        var output = new JsonObject { ["task_id"] = id };
        var response = new JsonObject { ["request_id"] = RequestId(context), ["output"] = output };
        if (!store.Tasks.TryGetValue(id, out var task))
        {
            // Verbatim shape of get-task-unknown-nosse: HTTP 200, task_status UNKNOWN.
            output["task_status"] = "UNKNOWN";
            await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
            return;
        }

        var status = task.Poll();
        output["task_status"] = status;
        output["submit_time"] = Beijing(task.SubmittedAt);
        if (status != "PENDING")
        {
            output["scheduled_time"] = Beijing(task.SubmittedAt);
        }

        int total = task.Lines?.Count ?? 0;
        if (status == "RUNNING")
        {
            output["task_metrics"] = new JsonObject { ["TOTAL"] = total, ["SUCCEEDED"] = total / 2, ["FAILED"] = 0 };
        }
        else if (status == "FAILED")
        {
            output["end_time"] = Beijing(state.Options.TimeProvider.GetUtcNow());
            output["code"] = "InvalidURL";
            output["message"] = "Failed to download the input file from the url.";
        }
        else if (status == "SUCCEEDED")
        {
            output["end_time"] = Beijing(state.Options.TimeProvider.GetUtcNow());
            output["url"] = new Uri(state.BaseUri, $"dashscope-oss/results/{task.Id}/output.txt.gz?Expires=1732600547&OSSAccessKeyId=emulator&Signature=emulated%3D").AbsoluteUri;
            response["usage"] = new JsonObject { ["total_tokens"] = task.Lines!.Sum(t => EmulatorReplies.EstimateTokens(t.Length)) };
        }

        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleCancelTaskAsync(HttpContext context, EmulatorState state, BatchStore store, string id)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (!store.Tasks.TryGetValue(id, out var task) || !task.TryCancel())
        {
            // Verbatim message of cancel-completed-task-nosse.
            await WriteNativeErrorAsync(context, 400, "UnsupportedOperation", "Failed to cancel the task, please confirm if the task is in PENDING status.").ConfigureAwait(false);
            return;
        }

        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["request_id"] = RequestId(context) })).ConfigureAwait(false);
    }

    private static async Task HandleListTasksAsync(HttpContext context, EmulatorState state, BatchStore store)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        int pageNo = int.TryParse(query["page_no"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        int pageSize = int.TryParse(query["page_size"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 10;
        var model = query["model_name"].ToString();
        var status = query["status"].ToString();
        var matching = store.Tasks.Values
            .Where(t => model.Length == 0 || t.Model == model)
            .Where(t => status.Length == 0 || string.Equals(t.Status, status, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(t => t.SubmittedAt).ToList();
        var page = matching.Skip((pageNo - 1) * pageSize).Take(pageSize).Select(t => (JsonNode)new JsonObject
        {
            ["api_key_id"] = "42677",
            ["gmt_create"] = t.SubmittedAt.ToUnixTimeMilliseconds(),
            ["start_time"] = t.SubmittedAt.ToUnixTimeMilliseconds(),
            ["model_name"] = t.Model,
            ["region"] = "cn-beijing",
            ["request_id"] = t.RequestId,
            ["status"] = t.Status,
            ["task_id"] = t.Id,
        });
        var response = new JsonObject
        {
            ["total"] = matching.Count,
            ["data"] = new JsonArray([.. page]),
            ["total_page"] = (matching.Count + pageSize - 1) / pageSize,
            ["page_no"] = pageNo,
            ["request_id"] = RequestId(context),
            ["page_size"] = pageSize,
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleOssAsync(HttpContext context, EmulatorState state, BatchStore store, string path)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            // A signed URL carries its credential in the query; OSS refuses a second one in the header.
            await WriteNativeErrorAsync(context, 400, "InvalidArgument", "Authorization header is invalid: a signed URL must be fetched without an Authorization header.").ConfigureAwait(false);
            return;
        }

        var segments = path.Split('/');
        byte[]? bytes = null;
        if (segments is ["files", var fileId, ..] && store.Files.TryGetValue(fileId, out var file))
        {
            bytes = file.Data;
        }
        else if (segments is ["results", var taskId, ..] && store.Tasks.TryGetValue(taskId, out var task) && task.Status == "SUCCEEDED")
        {
            bytes = Gzip(ResultLines(task));
        }

        if (bytes is null)
        {
            await WriteNativeErrorAsync(context, 404, "NoSuchKey", "The specified key does not exist.").ConfigureAwait(false);
            return;
        }

        var fault = EmulatorRequestContext.From(context).Fault;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        if (fault?.Kind == EmulatorFaultKind.MalformedJson)
        {
            // A truncated download: the gzip stream ends early.
            bytes = bytes[..(bytes.Length / 2)];
        }

        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static string ResultLines(EmulatedTask task)
    {
        // Written newest index first: clients must order by text_index, not by line.
        var builder = new StringBuilder();
        for (int i = task.Lines!.Count - 1; i >= 0; i--)
        {
            var line = new JsonObject
            {
                ["output"] = new JsonObject
                {
                    ["code"] = 200,
                    ["embedding"] = new JsonArray([.. EmulatorReplies.Embedding(task.Lines[i], 1536).Select(v => (JsonNode)v)]),
                    ["message"] = "Success",
                    ["text_index"] = i,
                },
            };
            builder.Append(EmulatorJson.Serialize(line)).Append('\n');
        }

        return builder.ToString();
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Beijing(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static List<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>The native file store and the async tasks of one emulator.</summary>
    private sealed class BatchStore
    {
        public ConcurrentDictionary<string, NativeFile> Files { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, EmulatedTask> Tasks { get; } = new(StringComparer.Ordinal);

        public NativeFile? FileFromUrl(Uri url)
        {
            var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return segments is ["dashscope-oss", "files", var id, ..] && Files.TryGetValue(id, out var file) ? file : null;
        }
    }

    private sealed record NativeFile(string Id, string Name, string Purpose, DateTimeOffset CreatedAt, byte[] Data);

    /// <summary>A task: PENDING until its first poll, then RUNNING for its running polls, then SUCCEEDED (or FAILED when its input could not be read).</summary>
    private sealed class EmulatedTask(string id, string model, string requestId, DateTimeOffset submittedAt, int runningPolls)
    {
        private readonly Lock _gate = new();
        private int _polls;
        private bool _canceled;

        public string Id { get; } = id;

        public string Model { get; } = model;

        public string RequestId { get; } = requestId;

        public DateTimeOffset SubmittedAt { get; } = submittedAt;

        public List<string>? Lines { get; init; }

        public string Status
        {
            get
            {
                lock (_gate)
                {
                    return _canceled ? "CANCELED" : _polls == 0 ? "PENDING" : _polls <= runningPolls ? "RUNNING" : Lines is null ? "FAILED" : "SUCCEEDED";
                }
            }
        }

        public string Poll()
        {
            lock (_gate)
            {
                if (!_canceled)
                {
                    _polls++;
                }
            }

            return Status;
        }

        public bool TryCancel()
        {
            lock (_gate)
            {
                if (_canceled || _polls > 0)
                {
                    return false;
                }

                _canceled = true;
                return true;
            }
        }
    }
}
