namespace LlmClients;

/// <summary>
/// A text embedding client of LlmClients: a Microsoft.Extensions.AI <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
/// of <see cref="string"/> to <see cref="Embedding{T}"/> of <see cref="float"/>, so any M.E.AI consumer (Semantic Kernel,
/// vector stores, <c>EmbeddingGeneratorBuilder</c> middleware) takes it. Implementations are thread-safe and immutable.
/// </summary>
/// <remarks>
/// <para><see cref="IEmbeddingGenerator{TInput, TEmbedding}.GenerateAsync"/> embeds texts in input order. Batches larger
/// than the vendor's per-request cap are split and sent with bounded parallelism. It throws
/// <see cref="ArgumentException"/> before any network call when a text is null or empty (the message names its index) or an
/// option is invalid, and <see cref="LlmRequestException"/> when the vendor reports an error. Cancellation surfaces as
/// <see cref="OperationCanceledException"/>, never wrapped.</para>
/// <para>The vendor request id is in <see cref="GeneratedEmbeddings{TEmbedding}.AdditionalProperties"/> under
/// <see cref="LlmAdditionalProperties.RequestId"/>; the query/document hint goes in
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under <see cref="LlmAdditionalProperties.InputType"/>
/// (see <see cref="LlmAdditionalPropertiesExtensions.WithInputType"/>).</para>
/// </remarks>
public interface IEmbeddingClient : IEmbeddingGenerator<string, Embedding<float>>;
