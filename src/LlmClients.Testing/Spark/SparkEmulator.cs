namespace LlmClients.Testing.Spark;

/// <summary>
/// The iFlytek Spark part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.Spark"/>): HTTP chat (sync and SSE, general
/// models under <see cref="EmulatorVendor.BaseUri"/> (<c>spark/v1/</c>), X1 under <see cref="X1BaseUri"/>) and the signed-URL embedding endpoint
/// <see cref="EmbeddingUri"/>, which checks the HMAC-SHA256 signature with <see cref="AppKey"/>/<see cref="AppSecret"/>,
/// the signed date (within 300 seconds of the emulator's clock) and <see cref="AppId"/>. Prompts script errors with
/// <see cref="SparkEmulatorMarkers"/>; faults come from <see cref="LlmEmulator.Faults"/>.
/// </summary>
public sealed class SparkEmulator : EmulatorVendor
{
    /// <summary>The path the routes live under.</summary>
    internal const string Prefix = "/spark";

    private string _appId = "spark-emulator-app";
    private string _appKey = "spark-emulator-key";
    private string _appSecret = "spark-emulator-secret";

    internal SparkEmulator(EmulatorState state)
        : base(state, "spark/v1/", Prefix + "/")
    {
    }

    /// <summary>Gets the emulator's Spark part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one Spark part of that emulator.</returns>
    internal static SparkEmulator Of(EmulatorState state) => state.Part(static s => new SparkEmulator(s));

    /// <summary>Gets the X1 chat base URL to configure (<c>SparkOptions.X1BaseUrl</c>): <see cref="LlmEmulator.BaseUri"/> + <c>spark/v2/</c>.</summary>
    public Uri X1BaseUri => new(State.BaseUri, "spark/v2/");

    /// <summary>Gets the embedding URL to configure (<c>SparkOptions.EmbeddingUrl</c>): <see cref="LlmEmulator.BaseUri"/> + <c>spark/emb/</c>.</summary>
    public Uri EmbeddingUri => new(State.BaseUri, "spark/emb/");

    /// <summary>Gets or sets the APPID the embedding endpoint accepts in <c>header.app_id</c>. Defaults to <c>spark-emulator-app</c>.</summary>
    /// <exception cref="ArgumentException">The value is null or blank.</exception>
    public string AppId
    {
        get => Volatile.Read(ref _appId);
        set => SetText(ref _appId, value);
    }

    /// <summary>Gets or sets the APIKey the embedding endpoint accepts in the signed <c>authorization</c>. Defaults to <c>spark-emulator-key</c>.</summary>
    /// <exception cref="ArgumentException">The value is null or blank.</exception>
    public string AppKey
    {
        get => Volatile.Read(ref _appKey);
        set => SetText(ref _appKey, value);
    }

    /// <summary>Gets or sets the APISecret the embedding endpoint verifies signatures with. Defaults to <c>spark-emulator-secret</c>.</summary>
    /// <exception cref="ArgumentException">The value is null or blank.</exception>
    public string AppSecret
    {
        get => Volatile.Read(ref _appSecret);
        set => SetText(ref _appSecret, value);
    }
}
