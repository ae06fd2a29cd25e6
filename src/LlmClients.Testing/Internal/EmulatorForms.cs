using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LlmClients.Testing;

/// <summary>Reads the multipart upload forms of the Files APIs (<c>file</c> parts and a <c>purpose</c> field).</summary>
internal static class EmulatorForms
{
    /// <summary>Reads an upload form from the logged request body (the middleware has read it): the <c>purpose</c> field and every <c>file</c> part, in order.</summary>
    public static async Task<(string? Purpose, List<(string Name, byte[] Data)> Files)> ReadUploadAsync(HttpContext context)
    {
        string? purpose = null;
        var files = new List<(string Name, byte[] Data)>();
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 } boundary)
        {
            var reader = new MultipartReader(boundary, new MemoryStream(EmulatorRequestContext.From(context).Request.BodyBytes.ToArray(), writable: false));
            while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "purpose")
                {
                    purpose = Encoding.UTF8.GetString(buffer.ToArray());
                }
                else if (name == "file")
                {
                    files.Add((HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "file", buffer.ToArray()));
                }
            }
        }

        return (purpose, files);
    }
}
