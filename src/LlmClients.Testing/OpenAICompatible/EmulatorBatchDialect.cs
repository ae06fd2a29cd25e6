using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LlmClients.Testing.OpenAICompatible;

/// <summary>How one vendor spells the shared Batch API: ids, line shapes, timestamps and its quirks.</summary>
internal sealed record EmulatorBatchDialect
{
    /// <summary>Gets the path every line's url and the batch endpoint start with (<c>/v1</c>, <c>/v4</c>).</summary>
    public required string UrlPrefix { get; init; }

    /// <summary>Gets the check of the Authorization header; false when it has written the error.</summary>
    public required Func<HttpContext, Task<bool>> Authorize { get; init; }

    /// <summary>Gets the writer of an error response (status, code, message) in the vendor's error shape.</summary>
    public required Func<HttpContext, int, string, string, Task> WriteError { get; init; }

    /// <summary>Gets the body of a failed line (status, code, message), the vendor's usual error body.</summary>
    public required Func<int, string, string, JsonNode> LineErrorBody { get; init; }

    /// <summary>Gets the prefix of uploaded file ids.</summary>
    public string InputFileIdPrefix { get; init; } = "file-emu";

    /// <summary>Gets the prefix of output and error file ids.</summary>
    public string OutputFileIdPrefix { get; init; } = "file-emu";

    /// <summary>Gets the shape of result lines.</summary>
    public EmulatorBatchLineShape LineShape { get; init; } = EmulatorBatchLineShape.OpenAI;

    /// <summary>Gets whether batch timestamps are in milliseconds (Zhipu's SDK printouts) rather than seconds.</summary>
    public bool MillisecondTimestamps { get; init; }

    /// <summary>Gets whether absent file ids are <c>""</c> (Zhipu) rather than null.</summary>
    public bool EmptyStringFileIds { get; init; }

    /// <summary>Gets whether request count fields are null while validating (Zhipu).</summary>
    public bool NullCountsWhileValidating { get; init; }

    /// <summary>Gets whether an empty batch list has <c>"data": null</c> (DashScope).</summary>
    public bool NullDataWhenEmpty { get; init; }

    /// <summary>Gets whether <c>expires_at</c> stays null (DashScope) rather than created + 24 h.</summary>
    public bool NullExpiresAt { get; init; }

    /// <summary>Gets whether requests a cancel stopped count as failed and land in the error file (DashScope).</summary>
    public bool CancelledLinesAreFailures { get; init; }

    /// <summary>The OpenAI spelling: Bearer key, <c>{"error":{message,type,param,code}}</c> errors, OpenAI lines.</summary>
    /// <param name="state">The emulator's state (for the rejected key).</param>
    /// <param name="urlPrefix">The path lines call (<c>/v1</c>).</param>
    /// <returns>The dialect.</returns>
    public static EmulatorBatchDialect OpenAIStyle(EmulatorState state, string urlPrefix) => new()
    {
        UrlPrefix = urlPrefix,
        Authorize = context => OpenAICompatibleEmulatorRoutes.AuthorizeAsync(context, state),
        WriteError = (context, status, code, message) => EmulatorResponses.WriteRawAsync(context, status, OpenAICompatibleEmulatorDialect.ErrorBody(status, code, message, param: null)),
        LineErrorBody = (status, code, message) => JsonNode.Parse(OpenAICompatibleEmulatorDialect.ErrorBody(status, code, message, param: null))!,
    };
}

/// <summary>The shapes of batch result lines.</summary>
internal enum EmulatorBatchLineShape
{
    /// <summary><c>{"id":"batch_req_..","custom_id","response":{"status_code","request_id","body"},"error":null}</c>.</summary>
    OpenAI,

    /// <summary>As OpenAI, with <c>id</c> equal to <c>response.request_id</c> (a UUID).</summary>
    DashScope,

    /// <summary><c>{"response":{"status_code","body":{..,"request_id"}},"custom_id","id":"&lt;batch id&gt;"}</c>: no <c>error</c> key, request id inside the body.</summary>
    Zhipu,
}
