using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LlmClients.Testing.OpenAICompatible;

/// <summary>
/// The Batch API of one vendor in the emulator: files with <c>purpose=batch</c>, batches and their state machine
/// (<c>validating</c> → <c>in_progress</c> → <c>finalizing</c> → <c>completed</c>, or <c>failed</c>, <c>expired</c>,
/// <c>cancelling</c> → <c>cancelled</c>), computed from the emulator's clock on every read. Lines run when the batch ends.
/// </summary>
internal sealed partial class EmulatorBatchEngine(EmulatorState state, EmulatorBatchDialect dialect)
{
    private static readonly TimeSpan Validating = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Running = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Finalizing = TimeSpan.FromSeconds(60);
    private long _ids;

    internal ConcurrentDictionary<string, BatchFile> Files { get; } = new(StringComparer.Ordinal);

    private ConcurrentDictionary<string, Batch> Batches { get; } = new(StringComparer.Ordinal);

    private EmulatorBatches Controls => EmulatorBatches.Of(state);

    private string NextId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{Interlocked.Increment(ref _ids):D8}");

    private long Unix(DateTimeOffset? time) => time is not { } t ? 0 : dialect.MillisecondTimestamps ? t.ToUnixTimeMilliseconds() : t.ToUnixTimeSeconds();

    private JsonValue? Stamp(DateTimeOffset? time) => time is null ? null : JsonValue.Create(Unix(time));

    private JsonNode? FileId(string? id) => id is null ? (dialect.EmptyStringFileIds ? "" : null) : JsonValue.Create(id);

    /// <summary>Brings a batch up to the emulator's clock: moves its status and, on its terminal status, runs its lines once.</summary>
    private void Advance(Batch batch)
    {
        lock (batch)
        {
            if (batch.Ended is not null)
            {
                return;
            }

            var now = state.Options.TimeProvider.GetUtcNow();
            var validated = batch.CreatedAt + batch.Validating;
            var ran = validated + batch.Running;
            if (batch.CancelAt is { } cancelAt)
            {
                if (now >= cancelAt + batch.Finalizing)
                {
                    End(batch, "cancelled", DoneAt(batch, cancelAt), cancelAt + batch.Finalizing);
                }

                return;
            }

            if (now < validated)
            {
                return;
            }

            if (batch.Errors.Count > 0 || batch.Fault == EmulatorBatchFault.FailValidation)
            {
                End(batch, "failed", 0, validated);
                return;
            }

            if (batch.Fault == EmulatorBatchFault.Expire && now >= validated + (batch.Running / 2))
            {
                End(batch, "expired", batch.Lines.Count / 2, validated + (batch.Running / 2));
                return;
            }

            if (now >= ran + batch.Finalizing)
            {
                End(batch, "completed", batch.Lines.Count, ran + batch.Finalizing);
            }
        }
    }

    /// <summary>How many lines have run by a time (linear while in progress).</summary>
    private static int DoneAt(Batch batch, DateTimeOffset time)
    {
        var running = time - (batch.CreatedAt + batch.Validating);
        return running <= TimeSpan.Zero ? 0 : (int)Math.Min(batch.Lines.Count, batch.Lines.Count * (running / batch.Running));
    }

    private static string Status(Batch batch, DateTimeOffset now) =>
        batch.Ended ?? (batch.CancelAt is not null ? "cancelling"
            : now < batch.CreatedAt + batch.Validating ? "validating"
            : now < batch.CreatedAt + batch.Validating + batch.Running ? "in_progress"
            : "finalizing");

    /// <summary>Ends a batch: runs its first <paramref name="done"/> lines into the output and error files.</summary>
    private void End(Batch batch, string status, int done, DateTimeOffset at)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        int completed = 0, failed = 0;
        for (var i = 0; i < batch.Lines.Count && status != "failed"; i++)
        {
            var (customId, body) = batch.Lines[i];
            if (i >= done)
            {
                if (status == "cancelled" && dialect.CancelledLinesAreFailures)
                {
                    // Quirk: DashScope counts requests a cancel stopped as failed, with an error file.
                    errors.Append(Line(batch, customId, null, null, "batch_cancelled", "The batch was cancelled before this request ran.")).Append('\n');
                    failed++;
                }

                continue;
            }

            if (batch.Fault == EmulatorBatchFault.PartialOutput && i % 10 == 7)
            {
                continue;
            }

            if (batch.Fault == EmulatorBatchFault.FailLines && i % 10 == 3)
            {
                errors.Append(Line(batch, customId, 400, dialect.LineErrorBody(400, "invalid_request", $"Emulated failure of line {i + 1}."), null, null)).Append('\n');
                failed++;
                continue;
            }

            output.Append(Line(batch, customId, 200, Execute(batch, body), null, null)).Append('\n');
            completed++;
        }

        batch.OutputFileId = output.Length > 0 ? AddFile("batch_output", batch.Id + "_output.jsonl", Encoding.UTF8.GetBytes(output.ToString()), dialect.OutputFileIdPrefix) : null;
        batch.ErrorFileId = errors.Length > 0 ? AddFile("batch_output", batch.Id + "_error.jsonl", Encoding.UTF8.GetBytes(errors.ToString()), dialect.OutputFileIdPrefix) : null;
        batch.Completed = completed;
        batch.Failed = failed;
        batch.EndedAt = at;
        batch.Ended = status;
    }

    private string Line(Batch batch, string customId, int? status, JsonNode? body, string? errorCode, string? errorMessage)
    {
        var requestId = dialect.LineShape == EmulatorBatchLineShape.Zhipu ? $"{state.NextRequestId()}-{customId}" : dialect.LineShape == EmulatorBatchLineShape.DashScope
            ? Guid.NewGuid().ToString() : string.Create(CultureInfo.InvariantCulture, $"req_emu{state.NextRequestId()}");
        JsonObject line;
        if (dialect.LineShape == EmulatorBatchLineShape.Zhipu)
        {
            // Quirk: Zhipu's lines have no error key, keep request_id inside the body and carry the batch id as id.
            if (body is JsonObject zhipuBody)
            {
                zhipuBody["request_id"] = requestId;
            }

            line = new JsonObject { ["response"] = new JsonObject { ["status_code"] = status ?? 500, ["body"] = body ?? dialect.LineErrorBody(500, errorCode ?? "500", errorMessage ?? "") }, ["custom_id"] = customId, ["id"] = batch.Id };
        }
        else
        {
            line = new JsonObject
            {
                ["id"] = dialect.LineShape == EmulatorBatchLineShape.DashScope ? requestId : string.Create(CultureInfo.InvariantCulture, $"batch_req_emu{state.NextResponseId()}"),
                ["custom_id"] = customId,
                ["response"] = status is int s ? new JsonObject { ["status_code"] = s, ["request_id"] = requestId, ["body"] = body } : null,
                ["error"] = errorCode is null ? null : new JsonObject { ["code"] = errorCode, ["message"] = errorMessage },
            };
        }

        return line.ToJsonString(EmulatorJson.Options);
    }

    /// <summary>Runs one line: a chat completion echoing the last user text, or one vector per input.</summary>
    private JsonObject Execute(Batch batch, JsonObject body)
    {
        var model = EmulatorJson.GetString(body, "model") ?? "";
        if (batch.Endpoint.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            var inputs = OpenAICompatibleEmulatorRoutes.ReadInputs(body["input"]) ?? [];
            var dimensions = body["dimensions"] is JsonValue d && d.TryGetValue<int>(out var n) ? n : state.Options.DefaultEmbeddingDimensions;
            var tokens = inputs.Sum(i => EmulatorReplies.EstimateTokens(i.Length));
            return new JsonObject
            {
                ["object"] = "list",
                ["model"] = model,
                ["data"] = new JsonArray([.. inputs.Select((input, i) => (JsonNode)new JsonObject
                {
                    ["object"] = "embedding",
                    ["index"] = i,
                    ["embedding"] = new JsonArray([.. EmulatorReplies.Embedding(input, dimensions).Select(v => (JsonNode)v)]),
                })]),
                ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            };
        }

        var lastUser = (body["messages"] as JsonArray ?? []).OfType<JsonObject>().LastOrDefault(m => EmulatorJson.GetString(m, "role") == "user");
        var text = EmulatorReplies.ChatText(model, EmulatorContent.Text(lastUser?["content"]));
        var prompt = EmulatorReplies.EstimateTokens(text.Length);
        var completion = EmulatorReplies.EstimateTokens(text.Length);
        return new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-emu{state.NextResponseId()}"),
            ["object"] = "chat.completion",
            ["created"] = state.UnixNow(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
        };
    }

    private string AddFile(string purpose, string fileName, byte[] data, string prefix)
    {
        var file = new BatchFile(NextId(prefix), fileName, purpose, state.Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), data);
        Files[file.Id] = file;
        return file.Id;
    }

    /// <summary>A stored file, byte for byte.</summary>
    internal sealed record BatchFile(string Id, string FileName, string Purpose, long CreatedAt, byte[] Data);

    /// <summary>A batch and what it ran.</summary>
    private sealed class Batch(string id, string endpoint, string inputFileId, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public string Endpoint { get; } = endpoint;

        public string InputFileId { get; } = inputFileId;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public string CompletionWindow { get; init; } = "24h";

        public JsonNode? Metadata { get; init; }

        public List<(string CustomId, JsonObject Body)> Lines { get; init; } = [];

        public List<JsonObject> Errors { get; init; } = [];

        public EmulatorBatchFault? Fault { get; init; }

        public TimeSpan Validating { get; init; }

        public TimeSpan Running { get; init; }

        public TimeSpan Finalizing { get; init; }

        public DateTimeOffset? CancelAt { get; set; }

        public string? Ended { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public int Completed { get; set; }

        public int Failed { get; set; }

        public string? OutputFileId { get; set; }

        public string? ErrorFileId { get; set; }
    }
}
