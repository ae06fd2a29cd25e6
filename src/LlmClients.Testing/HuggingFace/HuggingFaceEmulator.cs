namespace LlmClients.Testing.HuggingFace;

/// <summary>
/// The Hugging Face part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.HuggingFace"/>), with the three URL shapes:
/// <list type="bullet">
/// <item><see cref="EmulatorVendor.BaseUri"/>: HF Inference on the router (<c>hf/router/hf-inference/</c>, like
/// <c>https://router.huggingface.co/hf-inference/</c>): <c>POST models/{model}/pipeline/feature-extraction</c>. Set the
/// options' <c>Api</c> to <c>Serverless</c> (a loopback URL is otherwise taken for a TEI server).</item>
/// <item><see cref="EndpointUri"/>: a dedicated Inference Endpoint running TEI (<c>POST</c> to the URL itself; <c>Api: Endpoint</c>).</item>
/// <item><see cref="TeiBaseUri"/>: a self-hosted TEI server: <c>POST embed</c>, <c>POST v1/embeddings</c>, <c>GET info</c>, <c>GET health</c>.</item>
/// </list>
/// The router and the endpoint need a bearer token (any but <see cref="LlmEmulatorOptions.RejectedApiKey"/>); TEI needs
/// <see cref="TeiApiKey"/> when it is set. Vectors are <see cref="EmulatorReplies.Embedding"/> of <see cref="EmbeddingDimensions"/>
/// (TEI's <c>dimensions</c> gives that size instead; <c>normalize: false</c> scales a vector by the text's length + 1). A model
/// whose name after the organization starts with <c>bart</c> (<see cref="PerTokenModel"/>) answers the router per token, as a
/// plain transformers model does: <c>[CLS]</c>, one token per character and <c>[SEP]</c>, each token's vector being
/// <see cref="EmulatorReplies.Embedding"/> of the token text. Faults come from <see cref="LlmEmulator.Faults"/>;
/// <see cref="SimulateLoading"/> answers the 503 of a model that is still loading.
/// </summary>
public sealed class HuggingFaceEmulator : EmulatorVendor
{
    /// <summary>A model the router answers per token (3-D for one text, 4-D for a list), like a plain transformers model.</summary>
    public const string PerTokenModel = "facebook/bart-base";

    /// <summary>The path the routes live under.</summary>
    internal const string Prefix = "/hf";

    private int _loadingRequests;
    private long _loadingTicks;
    private int _teiMaxClientBatchSize = 32;
    private string? _teiApiKey;

    internal HuggingFaceEmulator(EmulatorState state)
        : base(state, "hf/router/hf-inference/", Prefix + "/")
    {
    }

    /// <summary>Gets the URL of the emulated dedicated Inference Endpoint (configure it with <c>Api: Endpoint</c>).</summary>
    public Uri EndpointUri => new(State.BaseUri, "hf/endpoint");

    /// <summary>Gets the base URL of the emulated TEI server, ending with a slash.</summary>
    public Uri TeiBaseUri => new(State.BaseUri, "hf/tei/");

    /// <summary>The size of the vectors the routes return when no <c>dimensions</c> is asked for: 768, m3e-base's.</summary>
    public const int EmbeddingDimensions = 768;

    /// <summary>The model TEI serves and reports in <c>/info</c> and <c>/v1/embeddings</c>: <c>moka-ai/m3e-base</c>.</summary>
    public const string TeiModelId = "moka-ai/m3e-base";

    /// <summary>The most tokens per input TEI takes (its <c>max_input_length</c>): 512. Longer inputs are refused with 422 when <c>truncate</c> is false.</summary>
    public const int TeiMaxInputLength = 512;

    /// <summary>Gets or sets TEI's <c>max_client_batch_size</c> (reported by <c>/info</c>; larger batches get 422). Defaults to 32.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int TeiMaxClientBatchSize
    {
        get => Volatile.Read(ref _teiMaxClientBatchSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _teiMaxClientBatchSize, value);
        }
    }

    /// <summary>
    /// Gets or sets TEI's <c>--api-key</c>: when set, TEI routes other than <c>health</c> need <c>Authorization: Bearer &lt;key&gt;</c>
    /// exactly, and anything else gets 401 with an empty body. Defaults to null (no auth, TEI's default).
    /// </summary>
    public string? TeiApiKey
    {
        get => Volatile.Read(ref _teiApiKey);
        set => Volatile.Write(ref _teiApiKey, value);
    }

    /// <summary>
    /// Makes the next <paramref name="requests"/> feature-extraction requests to the router or the endpoint answer
    /// 503 <c>{"error": "Model {model} is currently loading", "estimated_time": seconds}</c>, as a cold model does.
    /// </summary>
    /// <param name="estimatedTime">The <c>estimated_time</c> to send (fractional seconds on the wire).</param>
    /// <param name="requests">How many requests get it (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="estimatedTime"/> is negative or <paramref name="requests"/> is less than 1.</exception>
    public void SimulateLoading(TimeSpan estimatedTime, int requests = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(estimatedTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        Interlocked.Exchange(ref _loadingTicks, estimatedTime.Ticks);
        Interlocked.Exchange(ref _loadingRequests, requests);
    }

    /// <summary>Gets the emulator's Hugging Face part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one Hugging Face part of that emulator.</returns>
    internal static HuggingFaceEmulator Of(EmulatorState state) => state.Part(static s => new HuggingFaceEmulator(s));

    /// <summary>Counts one feature-extraction request against <see cref="SimulateLoading"/>; returns the wait to report, or null.</summary>
    internal TimeSpan? TakeLoading()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _loadingRequests);
            if (remaining <= 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _loadingRequests, remaining - 1, remaining) == remaining)
            {
                return TimeSpan.FromTicks(Interlocked.Read(ref _loadingTicks));
            }
        }
    }
}
