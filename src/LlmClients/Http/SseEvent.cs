namespace LlmClients.Http;

/// <summary>One server-sent event as the vendor mapper sees it.</summary>
/// <param name="EventType">The <c>event:</c> field, <c>"message"</c> when absent.</param>
/// <param name="Data">The <c>data:</c> payload.</param>
/// <param name="LastComment">The last comment line of this event's own block (DashScope puts <c>HTTP_STATUS/400</c> there), without the colon; null when the event had none.</param>
internal readonly record struct SseEvent(string EventType, string Data, string? LastComment);
