namespace LlmClients.Testing.Zhipu;

/// <summary>
/// <c>POST async/chat/completions</c> answers <c>{model, id, request_id, task_status:"PROCESSING"}</c>; <c>GET async-result/{id}</c>
/// answers PROCESSING (only id, request_id, model, task_status) for <see cref="ZhipuEmulator.ProcessingPolls"/> polls
/// (or as <see cref="ZhipuEmulatorMarkers.Polls"/> says), then SUCCESS with the chat result, or FAIL with <see cref="ZhipuEmulatorMarkers.Fail"/>.
/// An unknown id gets 404 with code 1214.
/// </summary>
internal static partial class ZhipuEmulatorRoutes
{
    private static async Task HandleSubmitAsync(HttpContext context, EmulatorState state, JsonObject body, ConcurrentDictionary<string, AsyncTask> tasks)
    {
        if (await CreateReplyOrErrorAsync(context, state, body).ConfigureAwait(false) is not { } reply)
        {
            return;
        }

        var polls = int.TryParse(ZhipuEmulatorMarkers.Find(reply.Prompt, "polls"), out var n) ? n : ZhipuEmulator.Of(state).ProcessingPolls;
        var task = new AsyncTask(reply.Id, reply.RequestId, reply.Model, polls, reply.Prompt.Contains(ZhipuEmulatorMarkers.Fail, StringComparison.Ordinal), reply.Completion());
        tasks[task.Id] = task;
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(Status(task, "PROCESSING"))).ConfigureAwait(false);
    }

    private static async Task HandleResultAsync(HttpContext context, ConcurrentDictionary<string, AsyncTask> tasks)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        if (!tasks.TryGetValue(id, out var task))
        {
            await WriteCodeAsync(context, "1214", $"任务不存在: {id}").ConfigureAwait(false);
            return;
        }

        var result = task.Poll() ? Status(task, "PROCESSING")
            : task.Fail ? Status(task, "FAIL")
            : WithStatus(task.Result.DeepClone().AsObject(), "SUCCESS");
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(result)).ConfigureAwait(false);
    }

    private static JsonObject Status(AsyncTask task, string status) => new()
    {
        ["id"] = task.Id,
        ["request_id"] = task.RequestId,
        ["model"] = task.Model,
        ["task_status"] = status,
    };

    private static JsonObject WithStatus(JsonObject result, string status)
    {
        result["task_status"] = status;
        return result;
    }
}
