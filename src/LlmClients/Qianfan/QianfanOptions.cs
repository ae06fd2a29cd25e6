namespace LlmClients.Qianfan;

/// <summary>
/// Settings of a Baidu Qianfan (文心千帆 / ERNIE) provider instance, bound from <c>LlmProviders:&lt;name&gt;</c>.
/// The credentials pick the API: <see cref="LlmProviderOptions.ApiKey"/> + <see cref="SecretKey"/> select v1 (access-token exchange and
/// <c>wenxinworkshop</c> endpoints); <see cref="V2ApiKey"/> selects v2 (OpenAI-compatible, <c>https://qianfan.baidubce.com/v2</c>).
/// Giving both kinds, or neither, fails validation at startup. When no credential is configured at all, the environment
/// variables <c>QIANFAN_AK</c>, <c>QIANFAN_SK</c> and <c>QIANFAN_API_KEY</c> are read.
/// </summary>
/// <remarks>
/// <para>
/// v1 chat sends <c>temperature</c>, <c>top_p</c>, <c>stop</c>, <c>max_output_tokens</c>, <c>frequency_penalty</c>,
/// <c>presence_penalty</c>, <c>response_format</c>, <c>functions</c> (and <c>system</c>, with <see cref="ChatOptions.Instructions"/> first) from <see cref="ChatOptions"/>.
/// <see cref="ChatOptions.TopK"/> and <see cref="ChatOptions.Seed"/> have no v1 field and are not sent
/// (ERNIE models take neither). Send vendor-only fields such as <c>penalty_score</c>, <c>disable_search</c>, or
/// <c>top_k</c> for a deployment that accepts it, through <see cref="ChatOptions.AdditionalProperties"/>,
/// which is merged into the body as is. v2 (OpenAI-compatible) sends <c>top_k</c> and <c>seed</c> like any other option.
/// </para>
/// <para>
/// v1 access tokens are exchanged once per (AK, SK) and shared; a transport failure of the exchange is retried once.
/// A token the server rejects with <c>error_code</c> 110 or 111, in a JSON body or in the first event of a stream, is
/// dropped and the call is resent once with a new token; a stream that has already produced an update is never resent.
/// </para>
/// </remarks>
public sealed class QianfanOptions : LlmProviderOptions
{
    /// <summary>
    /// Initializes a new instance of the <see cref="QianfanOptions"/> class with Qianfan's defaults: chat model
    /// <c>ernie-lite-8k</c> (the Qianfan SDK's default; v1 model names are matched ignoring case) and embedding model
    /// <c>embedding-v1</c> (384 dimensions). <see cref="LlmProviderOptions.ApiKey"/> is the v1 application API Key (AK),
    /// exchanged with <see cref="SecretKey"/> for an access token (fallback <c>QIANFAN_AK</c>); <see cref="LlmProviderOptions.BaseUrl"/>
    /// is the v1 base (default <see cref="DefaultBaseUrl"/>). <see cref="LlmProviderOptions.MaxEmbeddingBatchSize"/> defaults to
    /// null: 16 texts per request.
    /// </summary>
    public QianfanOptions()
        : base("ernie-lite-8k", "embedding-v1")
    {
    }

    /// <summary>The v1 OAuth base URL used when none is configured.</summary>
    public static readonly Uri DefaultOAuthBaseUrl = new("https://aip.baidubce.com/");

    /// <summary>The v1 chat and embeddings base URL used when none is configured.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/");

    /// <summary>The v2 base URL used when none is configured.</summary>
    public static readonly Uri DefaultV2BaseUrl = new("https://qianfan.baidubce.com/v2/");

    /// <summary>Gets or sets the v1 application Secret Key (SK). Environment fallback: <c>QIANFAN_SK</c>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets the v2 API key (<c>bce-v3/ALTAK-.../...</c>), sent as <c>Authorization: Bearer</c>. Environment fallback: <c>QIANFAN_API_KEY</c>.</summary>
    public string? V2ApiKey { get; set; }

    /// <summary>Gets or sets the v2 application id, sent as the <c>appid</c> header. The default is none.</summary>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the v1 OAuth base URL (the token exchange is <c>oauth/2.0/token</c> under it). The default is <see cref="DefaultOAuthBaseUrl"/>.</summary>
    public Uri? OAuthBaseUrl { get; set; }

    /// <summary>Gets or sets the v2 base URL. The default is <see cref="DefaultV2BaseUrl"/>.</summary>
    public Uri? V2BaseUrl { get; set; }

    /// <summary>
    /// Gets or sets v1 chat endpoints for models outside the catalogue, such as your own deployments: model name to the
    /// endpoint after <c>.../wenxinworkshop/chat/</c>. These win over the catalogue. The default is none.
    /// </summary>
    public Dictionary<string, string> CustomEndpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets v1 embedding endpoints for your own deployments: model name to the endpoint after <c>.../wenxinworkshop/embeddings/</c>. The default is none.</summary>
    public Dictionary<string, string> CustomEmbeddingEndpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets whether an assistant message's <see cref="TextReasoningContent"/> is sent back as
    /// <c>reasoning_content</c>. The default is false: v2 (OpenAI-compatible) does not document the field in input; v1 has no reasoning at all and ignores this.
    /// </summary>
    public bool SendReasoningContent { get; set; }

    /// <summary>
    /// Gets or sets how long before its expiry (30 days after the exchange) a v1 access token is replaced; at most half the
    /// token's lifetime is used. The default is 1 hour. A token the server rejects (110/111) is replaced at once regardless.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The IAM endpoint that issues v2 bearer tokens, used when none is configured.</summary>
    public static readonly Uri DefaultIamBaseUrl = new("https://iam.bj.baidubce.com/");

    /// <summary>
    /// Gets or sets the account's IAM Access Key (AK), which with <see cref="IamSecretKey"/> selects v2 with short-lived bearer
    /// tokens: <c>GET {IamBaseUrl}v1/BCE-BEARER/token</c> signed with <c>bce-auth-v1</c> returns a <c>bce-v3/ALTAK-...</c> token,
    /// cached per (IAM URL, AK, SK), fetched once however many calls wait (single flight) and replaced
    /// <see cref="TokenRefreshMargin"/> before it expires. Environment fallback: <c>QIANFAN_ACCESS_KEY</c>.
    /// </summary>
    public string? IamAccessKey { get; set; }

    /// <summary>Gets or sets the account's IAM Secret Key (SK); it only signs the token request and is never sent. Environment fallback: <c>QIANFAN_SECRET_KEY</c>.</summary>
    public string? IamSecretKey { get; set; }

    /// <summary>Gets or sets the IAM base URL. The default is <see cref="DefaultIamBaseUrl"/>.</summary>
    public Uri? IamBaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the lifetime asked for an IAM bearer token (<c>expireInSeconds</c>), between 5 minutes and 30 days. The
    /// default is 12 hours, as the Qianfan SDK asks.
    /// </summary>
    public TimeSpan BearerTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Gets whether v2 bearer tokens are exchanged from IAM keys (<see cref="IamAccessKey"/> is set).</summary>
    public bool UsesIam => !string.IsNullOrWhiteSpace(IamAccessKey) || !string.IsNullOrWhiteSpace(IamSecretKey);

    /// <summary>Gets whether the v2 (OpenAI-compatible) API is used: a <see cref="V2ApiKey"/> or IAM keys are set.</summary>
    public bool UsesV2 => !string.IsNullOrWhiteSpace(V2ApiKey) || UsesIam;
}
