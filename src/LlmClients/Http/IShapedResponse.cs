namespace LlmClients.Http;

/// <summary>
/// A non-streaming wire response that knows its required part. Valid JSON of the wrong shape (<c>{"unexpected":true}</c>,
/// no <c>choices</c>, no <c>output</c>) is then an <see cref="LlmErrorKind.InvalidResponse"/> from the transport, not an
/// empty answer. Implemented explicitly, so the JSON source generator never sees the member.
/// </summary>
internal interface IShapedResponse
{
    /// <summary>Gets the name of the required part the body lacks, or null when the shape is right.</summary>
    string? MissingPart { get; }
}
