using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Capture.Host.Security;

/// <summary>Every endpoint requires the API-key scheme unless it is marked <c>AllowAnonymous</c> (liveness, the sign-in); the dashboard's static files are served before authorization, as they carry no data.</summary>
internal static class ApiSecurity
{
    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services, ApiAccess access)
    {
        services.AddSingleton(access);
        // AddAuthentication without its Data Protection, which would write a key ring to disk at every start although
        // nothing here protects data with it (the session cookie is an HMAC of the key).
        services.AddAuthenticationCore(options => options.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName);
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
