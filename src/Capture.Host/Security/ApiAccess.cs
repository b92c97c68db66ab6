using System.Net;

namespace Capture.Host.Security;

/// <summary>Who may call the HTTP surface: anyone on loopback-only binds; with a key otherwise.</summary>
/// <param name="ApiKey">The key every request (but <c>/healthz</c>) must carry, or null when none is required.</param>
/// <param name="Problem">Why the service must not start, when it must not.</param>
internal sealed record ApiAccess(string? ApiKey, string? Problem)
{
    /// <summary>Checks the bind addresses: any address beyond loopback requires an API key (config <c>Capture:ApiKey</c> or env <c>Capture__ApiKey</c>).</summary>
    public static ApiAccess Create(string urls, string? apiKey)
    {
        var exposed = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(url => !IsLoopback(url)).ToArray();
        if (string.IsNullOrEmpty(apiKey))
        {
            return exposed.Length == 0
                ? new ApiAccess(null, null)
                : new ApiAccess(null, $"Binding beyond loopback ({string.Join(", ", exposed)}) requires an API key: set Capture:ApiKey (environment: Capture__ApiKey).");
        }

        return apiKey.Length < 16
            ? new ApiAccess(null, "Capture:ApiKey must be at least 16 characters.")
            : new ApiAccess(apiKey, null);
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://+", "://wildcard", StringComparison.Ordinal).Replace("://*", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
