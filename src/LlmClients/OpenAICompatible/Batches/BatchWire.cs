using System.Text.Json;

namespace LlmClients.OpenAICompatible.Batches;

#pragma warning disable SA1649, CA1812 // Wire records live together; they are instantiated by the JSON source generator.

// The batch API is part of the OpenAI-compatible layer: these records are (de)serialized through OpenAIJsonContext.

/// <summary>
/// The batch object OpenAI, DashScope compatible mode and Zhipu share. Tolerant on read: <c>request_counts</c> may be an
/// object or (Zhipu's API reference) a number with <c>total/completed/failed</c> as siblings; ids may be <c>""</c>.
/// </summary>
internal sealed record BatchWire(
    string? Id, string? Status, string? Endpoint, string? InputFileId, string? OutputFileId, string? ErrorFileId, string? CompletionWindow,
    JsonElement? RequestCounts, int? Total, int? Completed, int? Failed, BatchErrorsWire? Errors, Dictionary<string, JsonElement>? Metadata,
    long? CreatedAt, long? ExpiresAt, long? CompletedAt, long? FailedAt, long? ExpiredAt, long? CancelledAt);

internal sealed record BatchRequestCountsWire(int? Total, int? Completed, int? Failed);

internal sealed record BatchErrorsWire(List<BatchErrorWire>? Data);

internal sealed record BatchErrorWire(string? Code, string? Message, string? Param, int? Line);

internal sealed record BatchListWire(List<JsonElement>? Data, bool? HasMore, string? LastId);

internal sealed record BatchCreateRequest(string InputFileId, string Endpoint, string CompletionWindow, IDictionary<string, string>? Metadata);

internal sealed record BatchFileWire(string? Id);

/// <summary>A line of an output or error file: <c>{id, custom_id, response: {status_code, request_id, body} | null, error: {code, message} | null}</c>.</summary>
internal sealed record BatchOutputLineWire(string? CustomId, BatchLineResponseWire? Response, BatchLineErrorWire? Error);

internal sealed record BatchLineResponseWire(int? StatusCode, string? RequestId, JsonElement? Body);

/// <summary>A line's <c>error</c>: <c>code</c>/<c>message</c>, or DashScope's <c>error_code</c>/<c>error_message</c> (its docs use both).</summary>
internal sealed record BatchLineErrorWire(string? Code, string? Message, string? ErrorCode, string? ErrorMessage);
