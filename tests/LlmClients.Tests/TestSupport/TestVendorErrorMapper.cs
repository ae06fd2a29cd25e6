using System.Text.Json;
using LlmClients.Http;

namespace LlmClients.Tests.TestSupport;

/// <summary>
/// A small vendor for plumbing tests: errors look like <c>{"error":{"code":"...","message":"..."}}</c>, code
/// <c>quota</c> is a non-transient <see cref="LlmErrorKind.QuotaExhausted"/>, code <c>busy</c> a transient
/// <see cref="LlmErrorKind.ServerError"/>, and errors may hide in 2xx bodies.
/// </summary>
internal sealed class TestVendorErrorMapper : VendorErrorMapper
{
    public override string ProviderName => "testvendor";

    public override bool ErrorsInSuccessBodies => true;

    public override VendorError? ParseError(int statusCode, ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new VendorError(GetString(error, "code"), GetString(error, "message"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override LlmErrorKind Classify(int statusCode, VendorError? error) => error?.Code switch
    {
        "quota" => LlmErrorKind.QuotaExhausted,
        "busy" => LlmErrorKind.ServerError,
        _ => base.Classify(statusCode, error),
    };

    public override bool IsTransient(int statusCode, LlmErrorKind kind, VendorError? error)
        => kind != LlmErrorKind.QuotaExhausted && base.IsTransient(statusCode, kind, error);

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
