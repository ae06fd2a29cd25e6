using System.IO.Compression;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LlmClients.Testing.DashScope;

/// <summary>
/// Native files (<c>/api/v1/files</c>): upload several <c>file</c> parts with a <c>purpose</c> field (the partial success
/// answered at HTTP 200), list, get (a download URL into the emulated object storage) and delete.
/// </summary>
internal static partial class DashScopeEmulatorRoutes
{
    private static async Task HandleNativeUploadAsync(HttpContext context, EmulatorState state, BatchStore store)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        var (purpose, parts) = await EmulatorForms.ReadUploadAsync(context).ConfigureAwait(false);

        if (string.IsNullOrEmpty(purpose) || parts.Count == 0)
        {
            await WriteNativeErrorAsync(context, 400, "InvalidParameter", parts.Count == 0 ? "Required parameter \"file\" missing from request." : "Required parameter \"purpose\" missing from request.").ConfigureAwait(false);
            return;
        }

        var uploaded = new JsonArray();
        var failed = new JsonArray();
        int limit = DashScopeEmulator.Of(state).NativeFileLimit;
        foreach (var (name, data) in parts)
        {
            if (data.Length == 0)
            {
                failed.Add((JsonNode)new JsonObject { ["name"] = name, ["code"] = "BadRequest.EmptyFile", ["message"] = "The file is empty." });
            }
            else if (store.Files.Count >= limit)
            {
                // Verbatim message of the recorded partial success (the typo-free original).
                failed.Add((JsonNode)new JsonObject { ["name"] = name, ["code"] = "BadRequest.TooMany", ["message"] = $"Out of number, <{limit}> of <{limit}> files has been uploaded." });
            }
            else
            {
                var file = new NativeFile(Guid.NewGuid().ToString(), name, purpose, state.Options.TimeProvider.GetUtcNow(), data);
                store.Files[file.Id] = file;
                uploaded.Add((JsonNode)new JsonObject { ["name"] = name, ["file_id"] = file.Id });
            }
        }

        var response = new JsonObject
        {
            ["data"] = new JsonObject { ["uploaded_files"] = uploaded, ["failed_uploads"] = failed },
            ["request_id"] = RequestId(context),
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(response)).ConfigureAwait(false);
    }

    private static async Task HandleNativeFilesAsync(HttpContext context, EmulatorState state, BatchStore store, string? id)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (id is not null)
        {
            if (!store.Files.TryGetValue(id, out var file))
            {
                await WriteNativeErrorAsync(context, 404, "FileNotFound", $"File not found: {id}").ConfigureAwait(false);
                return;
            }

            await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["data"] = Describe(state, file), ["request_id"] = RequestId(context) })).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        int pageNo = int.TryParse(query["page_no"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        int pageSize = int.TryParse(query["page_size"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 10;
        var all = store.Files.Values.OrderByDescending(f => f.CreatedAt).ToList();
        var data = new JsonObject
        {
            ["total"] = all.Count,
            ["page_no"] = pageNo,
            ["page_size"] = pageSize,
            ["files"] = new JsonArray([.. all.Skip((pageNo - 1) * pageSize).Take(pageSize).Select(f => (JsonNode)Describe(state, f))]),
        };
        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["data"] = data, ["request_id"] = RequestId(context) })).ConfigureAwait(false);
    }

    private static async Task HandleNativeDeleteAsync(HttpContext context, EmulatorState state, BatchStore store, string? id)
    {
        if (!await AuthorizeNativeAsync(context, state).ConfigureAwait(false))
        {
            return;
        }

        if (id is null || !store.Files.TryRemove(id, out _))
        {
            await WriteNativeErrorAsync(context, 404, "FileNotFound", $"File not found: {id}").ConfigureAwait(false);
            return;
        }

        await EmulatorResponses.WriteJsonAsync(context, EmulatorJson.Serialize(new JsonObject { ["request_id"] = RequestId(context) })).ConfigureAwait(false);
    }

    private static JsonObject Describe(EmulatorState state, NativeFile file) => new()
    {
        ["file_id"] = file.Id,
        ["name"] = file.Name,
        ["description"] = file.Purpose,
        ["size"] = file.Data.Length,
        ["url"] = new Uri(state.BaseUri, $"dashscope-oss/files/{file.Id}/{Uri.EscapeDataString(file.Name)}?Expires=1732600547&OSSAccessKeyId=emulator&Signature=emulated%3D").AbsoluteUri,
        ["gmt_create"] = file.CreatedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
    };
}
