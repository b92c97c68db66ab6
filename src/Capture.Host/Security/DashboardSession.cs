using System.Security.Cryptography;
using System.Text;
using Capture.Host.Api;

namespace Capture.Host.Security;

/// <summary>The dashboard's sign-in: the key, posted once, becomes an HttpOnly cookie, so it never goes in a URL (images and live views send the cookie).</summary>
/// <remarks>The cookie holds an HMAC of the key, not the key: stateless, valid until the key changes, useless elsewhere.</remarks>
internal static class DashboardSession
{
    public const string Path = "/api/session";
    public const string Cookie = "capture-session";

    /// <summary>The cookie's value for <paramref name="key"/>.</summary>
    public static string TokenFor(string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "capture dashboard session"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static void MapDashboardSession(this WebApplication app) =>
        app.MapPost(Path, (SignIn body, HttpContext context, ApiAccess access) =>
            {
                if (access.ApiKey is not { } key)
                {
                    return Results.NoContent(); // loopback only: nothing to sign in to
                }

                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(body.Key ?? string.Empty), Encoding.UTF8.GetBytes(key)))
                {
                    return MediaProblems.Problem(StatusCodes.Status401Unauthorized, "NotAllowedError", "That is not this service's API key.");
                }

                context.Response.Cookies.Append(Cookie, TokenFor(key), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/" });
                return Results.NoContent();
            })
            .AllowAnonymous()
            .WithTags("Health")
            .WithSummary("Dashboard sign-in: { \"key\": \"…\" } sets an HttpOnly session cookie (the key never goes in a URL).");

    /// <summary>The sign-in body.</summary>
    /// <param name="Key">The service's API key.</param>
    internal sealed record SignIn(string? Key);
}
