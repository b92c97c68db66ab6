using System.Security.Cryptography;
using System.Text;

namespace Capture.Host.Security;

/// <summary>Requires the API key on every request but <c>/healthz</c> when one is configured; compares in constant time and never logs it.</summary>
/// <remarks>The key is read from the <c>X-Api-Key</c> header, <c>Authorization: Bearer</c>, or a <c>key</c> query parameter (for &lt;img&gt; live views).</remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiAccess access)
{
    public Task InvokeAsync(HttpContext context)
    {
        // However the server came to listen beyond loopback, a request arriving there without a key configured is refused.
        if (access.ApiKey is null && context.Connection.LocalIpAddress is { } local && !System.Net.IPAddress.IsLoopback(local))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsJsonAsync(new { title = "Forbidden", status = 403, detail = "This service is reachable beyond loopback but has no API key; set Capture:ApiKey." });
        }

        if (access.ApiKey is not { } expected
            || context.Request.Path.StartsWithSegments("/healthz")
            || context.Request.Path.StartsWithSegments(DashboardSession.Path)
            || IsStaticFile(context.Request.Path)
            || Matches(Presented(context.Request), expected)
            || Matches(context.Request.Cookies[DashboardSession.Cookie], DashboardSession.TokenFor(expected)))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new { title = "Unauthorized", status = 401, detail = "This service needs an API key: the X-Api-Key header, a Bearer token, or the dashboard's sign-in." });
    }

    // The dashboard's page, script and style carry no data; they must load for the sign-in to be typed at all.
    private static bool IsStaticFile(PathString path) => path.Value is "/" or "/index.html" or "/app.js" or "/app.css";

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header))
        {
            return header.ToString();
        }

        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return null; // never from the URL: URLs end up in logs, histories and proxies
    }

    private static bool Matches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
