
namespace LlmClients.DashScope;

/// <summary>Native DashScope SSE.</summary>
internal sealed partial class DashScopeChatClient
{
    private IAsyncEnumerable<StreamChunk> StreamChunksAsync(string path, byte[] body, string model, CancellationToken cancellationToken)
        => ChatStreamLoop.ReadAsync(_transport, new DashScopeChatStreamDialect(_transport, model), () => _settings.CreateNativeRequest(path, body, stream: true), cancellationToken);
}
