namespace LlmClients.Testing.Qianfan;

/// <summary>
/// The Qianfan part of an <see cref="LlmEmulator"/> (<see cref="LlmEmulator.Qianfan"/>): the base URLs, the v1 access-token
/// exchange (counted; tokens can be expired on demand), errors inside HTTP 200 bodies, and the requests received.
/// Transport faults come from <see cref="LlmEmulator.Faults"/>, as for every vendor.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /oauth/2.0/token?grant_type=client_credentials&amp;client_id=AK&amp;client_secret=SK</c> issues a 30-day token.
/// An AK equal to <see cref="LlmEmulatorOptions.RejectedApiKey"/> gets <c>unknown client id</c>; the SK
/// <see cref="RejectedSecretKey"/> gets <c>Client authentication failed</c>.</item>
/// <item>v1 chat and embeddings need <c>?access_token=</c> of an issued token: an unknown token gets <c>error_code</c> 110,
/// an expired one 111, both at HTTP 200.</item>
/// <item>Chat v1 checks the message rules (odd count, user/assistant alternation, string contents: v1 is text only) and answers
/// 336003 like the vendor.</item>
/// <item>v2 serves the OpenAI-compatible routes under <c>/v2/</c>: contents may be lists of parts (<c>image_url</c>...), echoed as
/// <see cref="EmulatorReplies"/> says.</item>
/// </list>
/// </remarks>
public sealed class QianfanEmulator : EmulatorVendor
{
    /// <summary>The Secret Key the token exchange rejects with <c>Client authentication failed</c>: <c>"bad-secret"</c>.</summary>
    public const string RejectedSecretKey = "bad-secret";

    /// <summary>The IAM Secret Key the BCE-BEARER route verifies <c>bce-auth-v1</c> signatures with: <c>"emulator-iam-sk"</c> (any Access Key).</summary>
    public const string IamSecretKey = "emulator-iam-sk";

    /// <summary>The path of the IAM bearer-token route.</summary>
    internal const string IamPrefix = "/v1/BCE-BEARER";

    /// <summary>The path of the OAuth routes.</summary>
    internal const string OAuthPrefix = "/oauth/2.0";

    /// <summary>The path of the v1 routes.</summary>
    internal const string V1Prefix = "/rpc/2.0/ai_custom/v1/wenxinworkshop";

    /// <summary>The path of the v2 (OpenAI-compatible) routes.</summary>
    internal const string V2Prefix = "/v2";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Code, string Message)> _errors = new();
    private int _exchanges;
    private int _iamTokens;

    internal QianfanEmulator(EmulatorState state)
        : base(state, "rpc/2.0/ai_custom/v1/wenxinworkshop/", OAuthPrefix + "/", V1Prefix + "/", V2Prefix + "/", IamPrefix + "/")
    {
    }

    /// <summary>Gets the emulator's Qianfan part, creating it on first use.</summary>
    /// <param name="state">The emulator's state.</param>
    /// <returns>The one Qianfan part of that emulator.</returns>
    internal static QianfanEmulator Of(EmulatorState state) => state.Part(static s => new QianfanEmulator(s));

    /// <summary>Gets the v2 base URL to configure (<c>QianfanOptions.V2BaseUrl</c>): <see cref="LlmEmulator.BaseUri"/> + <c>v2/</c>.</summary>
    public Uri V2BaseUri => new(State.BaseUri, "v2/");

    /// <summary>Gets the OAuth base URL to configure (<c>QianfanOptions.OAuthBaseUrl</c>): <see cref="LlmEmulator.BaseUri"/>.</summary>
    public Uri OAuthBaseUri => State.BaseUri;

    /// <summary>Gets the IAM base URL to configure (<c>QianfanOptions.IamBaseUrl</c>): <see cref="LlmEmulator.BaseUri"/>.</summary>
    public Uri IamBaseUri => State.BaseUri;

    /// <summary>Gets how many IAM bearer tokens were issued so far.</summary>
    public int IamTokenCount => Volatile.Read(ref _iamTokens);

    /// <summary>Counts an issued IAM token.</summary>
    /// <returns>The new count.</returns>
    internal int CountIamToken() => Interlocked.Increment(ref _iamTokens);

    /// <summary>Gets how many token exchanges succeeded or failed so far.</summary>
    public int TokenExchangeCount => Volatile.Read(ref _exchanges);

    /// <summary>Gets how many HTTP-200 errors are still queued.</summary>
    public int PendingErrorCount => _errors.Count;

    /// <summary>Marks every token issued so far as expired: the next v1 call with one of them gets <c>error_code</c> 111.</summary>
    public void ExpireAllTokens()
    {
        foreach (var token in _tokens.Keys)
        {
            _tokens[token] = DateTimeOffset.MinValue;
        }
    }

    /// <summary>Queues a business error: the next v1 chat or embedding request (with a valid token) gets it at HTTP 200.</summary>
    /// <param name="errorCode">The Qianfan code, for example 18 (QPS limit) or 336100 (high load).</param>
    /// <param name="times">How many requests get it. Defaults to 1.</param>
    /// <param name="message">The message, or null for the vendor's message for the code.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1.</exception>
    public void EnqueueError(int errorCode, int times = 1, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        for (var i = 0; i < times; i++)
        {
            _errors.Enqueue((errorCode, message ?? MessageFor(errorCode)));
        }
    }

    internal static string MessageFor(int code) => code switch
    {
        2 => "Service temporarily unavailable",
        4 => "Open api request limit reached",
        17 => "Open api daily request limit reached",
        18 => "Open api qps request limit reached",
        100 => "Invalid parameter",
        110 => "Access token invalid or no longer valid",
        111 => "Access token expired",
        336003 => "invalid param",
        336100 => "try again later",
        336501 => "Rate limit reached for RPM",
        336502 => "Rate limit reached for TPM",
        _ => "emulated error",
    };

    internal string Issue()
    {
        var n = Interlocked.Increment(ref _exchanges);
        var now = State.Options.TimeProvider.GetUtcNow();
        var token = string.Create(CultureInfo.InvariantCulture, $"24.{Guid.NewGuid():N}.2592000.{now.ToUnixTimeSeconds()}.282335-{n}");
        _tokens[token] = now.AddSeconds(2592000);
        return token;
    }

    internal void CountFailedExchange() => Interlocked.Increment(ref _exchanges);

    /// <summary>Checks a token: null when valid, else the error code (100 missing, 110 unknown, 111 expired).</summary>
    internal int? Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 100;
        }

        if (!_tokens.TryGetValue(token, out var expires))
        {
            return 110;
        }

        return State.Options.TimeProvider.GetUtcNow() >= expires ? 111 : null;
    }

    internal bool TryTakeError(out (int Code, string Message) error) => _errors.TryDequeue(out error);
}
