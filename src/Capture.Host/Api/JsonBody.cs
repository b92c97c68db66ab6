using System.Text.Json;
using Capture.Core.Json;

namespace Capture.Host.Api;

/// <summary>An API request's JSON body, in the W3C JSON shape.</summary>
internal static class JsonBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>; an empty body means the argument was left out (null).</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        return await JsonSerializer.DeserializeAsync<T>(request.Body, MediaJson.Options, ct);
    }
}
