namespace LlmClients.Testing.DashScope;

/// <summary>
/// The DashScope part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.DashScope"/>): the native API under
/// <see cref="EmulatorVendor.BaseUri"/> and compatible mode (OpenAI-shaped chat, embeddings and the Files API) under <see cref="CompatibleBaseUri"/>.
/// Faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class DashScopeEmulator : EmulatorVendor
{
    /// <summary>The path the native routes live under.</summary>
    internal const string NativePrefix = "/api/v1";

    /// <summary>The path the compatible-mode routes live under.</summary>
    internal const string CompatiblePrefix = "/compatible-mode/v1";

    /// <summary>The path the emulated object storage (native file downloads, batch results) lives under.</summary>
    internal const string OssPrefix = "/dashscope-oss";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _documentUrls = new();
    private int _streamQuirks;
    private int _runningPolls = 1;
    private int _nativeFileLimit = 10;

    internal DashScopeEmulator(EmulatorState state)
        : base(state, "api/v1/", NativePrefix + "/", CompatiblePrefix + "/", OssPrefix + "/")
    {
    }

    /// <summary>Gets the emulator's DashScope part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one DashScope part of that emulator.</returns>
    internal static DashScopeEmulator Of(EmulatorState state) => state.Part(static s => new DashScopeEmulator(s));

    /// <summary>Gets the compatible-mode base URL: <see cref="LlmEmulator.BaseUri"/> + <c>compatible-mode/v1/</c>.</summary>
    public Uri CompatibleBaseUri => new(State.BaseUri, "compatible-mode/v1/");

    /// <summary>
    /// Gets or sets how many polls (<c>GET tasks/{id}</c>) of an async task submitted from now on answer <c>RUNNING</c>, after
    /// the first poll has moved it out of <c>PENDING</c> (until then it can be cancelled). Defaults to 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int RunningPolls
    {
        get => Volatile.Read(ref _runningPolls);
        set => SetCount(ref _runningPolls, value);
    }

    /// <summary>
    /// Gets or sets how many files the native store (<c>/api/v1/files</c>) holds at most; an upload past it reports the extra
    /// files in <c>failed_uploads</c> with <c>BadRequest.TooMany</c> at HTTP 200, as DashScope does. Defaults to 10.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int NativeFileLimit
    {
        get => Volatile.Read(ref _nativeFileLimit);
        set => SetCount(ref _nativeFileLimit, value);
    }

    /// <summary>
    /// Gets or sets the transport quirks of the native streams started from now on. Defaults to <see cref="DashScopeStreamQuirks.None"/>.
    /// </summary>
    public DashScopeStreamQuirks StreamQuirks
    {
        get => (DashScopeStreamQuirks)Volatile.Read(ref _streamQuirks);
        set => Volatile.Write(ref _streamQuirks, (int)value);
    }

    /// <summary>
    /// Gets the document URLs the chat routes (native and compatible mode) accepted in <c>{"type":"doc_url","doc_url":[url..]}</c>
    /// parts, oldest first. Like DashScope, the routes take <c>doc_url</c> parts only for qwen-doc models (qwen-doc-turbo) and only
    /// as a non-empty list of http(s) URLs; anything else is a 400 <c>InvalidParameter</c> and is not recorded.
    /// </summary>
    public IReadOnlyList<string> DocumentUrls => [.. _documentUrls];

    /// <summary>Records the document URLs of an accepted request.</summary>
    /// <param name="urls">The URLs, in request order.</param>
    internal void RecordDocuments(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            _documentUrls.Enqueue(url);
        }
    }
}
