namespace LlmClients.IntegrationTests.Flavours;

/// <summary>Streams until the call fails, keeping the text that reached the caller first.</summary>
internal static class StreamFailure
{
    /// <summary>Streams <paramref name="prompt"/> and asserts that the stream throws <see cref="LlmRequestException"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="prompt">The prompt.</param>
    /// <param name="cancellationToken">A guard, so a stream that never ends fails the test instead of hanging it.</param>
    /// <returns>The exception and the text streamed before it.</returns>
    public static async Task<(LlmRequestException Exception, string Text)> CatchAsync(IChatClient client, string prompt, CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        var ex = await Assert.ThrowsAsync<LlmRequestException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
            {
                text.Append(update.Text);
            }
        });
        return (ex, text.ToString());
    }
}
