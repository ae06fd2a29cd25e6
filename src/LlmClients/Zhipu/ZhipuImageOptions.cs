namespace LlmClients.Zhipu;

/// <summary>Options of a CogView image generation. Anything left null is not sent.</summary>
public sealed class ZhipuImageOptions
{
    /// <summary>The model used when <see cref="ModelId"/> is null: <c>cogview-3</c>.</summary>
    public const string DefaultModel = "cogview-3";

    /// <summary>Gets or sets the model (<c>cogview-3</c>, <c>cogview-3-plus</c>, <c>cogview-3-flash</c>...). The default is <see cref="DefaultModel"/>.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the size, for example <c>1024x1024</c> (cogview-3-plus and -flash).</summary>
    public string? Size { get; set; }

    /// <summary>Gets or sets the quality, for models that take one.</summary>
    public string? Quality { get; set; }

    /// <summary>Gets or sets the end-user id (<c>user_id</c>).</summary>
    public string? UserId { get; set; }

    /// <summary>Gets or sets a client-chosen request id (<c>request_id</c>).</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets or sets vendor parameters passed through to the wire as they are.</summary>
    public AdditionalPropertiesDictionary? AdditionalProperties { get; set; }
}
