namespace LlmClients.Streaming;

/// <summary>A piece of a streamed tool call. Empty-string ids and names mean "not in this fragment".</summary>
/// <param name="Index">The call's index within the response, or null when the server sent none (older Ollama).</param>
/// <param name="Id">The call id, on the first fragment only (DashScope sends <c>""</c> on continuations).</param>
/// <param name="Name">The function name, on the first fragment only.</param>
/// <param name="Arguments">An arguments fragment (or the cumulative arguments, in a cumulative stream).</param>
internal readonly record struct ToolCallFragment(int? Index, string? Id, string? Name, string? Arguments);
