using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Capture.Host.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Capture.Host.Security;

/// <summary>The API key as an ASP.NET Core authentication scheme: the <c>X-Api-Key</c> header, <c>Authorization: Bearer</c>, or the dashboard's session cookie; compared in constant time, never read from a URL, never logged.</summary>
/// <remarks>Without a configured key only loopback binds start, so every request that arrives on loopback is authenticated; one that arrives elsewhere (a bind the start-up check did not see) is forbidden.</remarks>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiAccess access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private static readonly AuthenticateResult s_wrongKey = AuthenticateResult.Fail("The API key presented is not this service's.");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (access.ApiKey is not { } expected)
        {
            return Task.FromResult(ArrivedOnLoopback() ? Success("loopback") : AuthenticateResult.Fail("Reachable beyond loopback without an API key."));
        }

        if (Presented(Request) is { } presented)
        {
            return Task.FromResult(Matches(presented, expected) ? Success("api-key") : s_wrongKey);
        }

        if (Request.Cookies[DashboardSession.Cookie] is { } session)
        {
            return Task.FromResult(Matches(session, DashboardSession.TokenFor(expected)) ? Success("dashboard") : s_wrongKey);
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (access.ApiKey is null)
        {
            return MediaProblems.Problem(StatusCodes.Status403Forbidden, "NotAllowedError", "This service is reachable beyond loopback but has no API key; set Capture:ApiKey.").ExecuteAsync(Context);
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return MediaProblems.Problem(StatusCodes.Status401Unauthorized, "NotAllowedError", "This service needs an API key: the X-Api-Key header, a Bearer token, or the dashboard's sign-in.").ExecuteAsync(Context);
    }

    private bool ArrivedOnLoopback() => Context.Connection.LocalIpAddress is not { } local || IPAddress.IsLoopback(local);

    private static AuthenticateResult Success(string how) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.AuthenticationMethod, how)], SchemeName)), SchemeName));

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header))
        {
            return header.ToString();
        }

        string authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null; // never from the URL: URLs end up in logs, histories and proxies
    }

    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
