namespace Capture.Host.Api;

/// <summary>Reads an API request's body as JSON when the client did not say so, as <c>curl -d '{…}'</c> does not.</summary>
/// <remarks>
/// A body with no content type, curl's default form type, or fetch()'s text/plain for a string body is taken as JSON; any other non-JSON type is answered
/// 415 with a problem+json body naming what is expected, never an empty reply.
/// </remarks>
internal sealed class JsonBodyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            string? type = request.ContentType;
            if (type is null || type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                request.ContentType = "application/json";
            }
            else if (!type.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                await MediaProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "TypeError", $"The body must be JSON (application/json), not {type}.").ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}
