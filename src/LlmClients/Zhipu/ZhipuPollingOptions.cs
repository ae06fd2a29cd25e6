namespace LlmClients.Zhipu;

/// <summary>
/// How <see cref="IZhipuAsyncChatClient.WaitForCompletionAsync"/> polls a task: backing-off interval and an overall timeout
/// (defaults 1 s, growing by 1.5 up to 10 s, for at most 10 minutes; see <see cref="LlmPollingOptions"/>).
/// </summary>
public sealed class ZhipuPollingOptions : LlmPollingOptions;
