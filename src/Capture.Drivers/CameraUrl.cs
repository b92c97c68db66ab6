using System.Net;

namespace Capture.Drivers;

/// <summary>Takes a camera URL apart into the URL without its credentials and the credentials, as operators write them: <c>rtsp://user:password@host/…</c>, the password percent-encoded or not.</summary>
/// <remarks>
/// A URL that parses is taken apart as parsed (a path may hold an '@'). Cameras' passwords hold '@', ':' and '/' often
/// enough, and a URL parser refuses them raw: then the host is what follows the last '@', and the user what precedes
/// the first ':' before it. Percent-encoded parts are decoded. What comes back never holds the password, so it may be
/// logged.
/// </remarks>
public static class CameraUrl
{
    /// <summary>The URL without <c>user:password@</c>, and the credentials it carried (null when none).</summary>
    public static (string Url, NetworkCredential? Credentials) Split(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? (parsed.UserInfo.Length == 0 ? -1 : url.IndexOf('@', scheme + 3))
            : url.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return (url, null);
        }

        string userInfo = url[(scheme + 3)..at];
        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        string user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        string password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return (url[..(scheme + 3)] + url[(at + 1)..], user.Length > 0 ? new NetworkCredential(user, password) : null);
    }
}
