namespace Capture.Host.Api;

/// <summary>Limits of the HTTP surface.</summary>
internal static class ApiLimits
{
    /// <summary>The largest request body accepted: W3C dictionaries are small; anything bigger is refused with 413.</summary>
    public const long MaxBodyBytes = 64 * 1024;
}
