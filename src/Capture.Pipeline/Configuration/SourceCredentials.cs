using System.Net;

namespace Capture.Pipeline.Configuration;

/// <summary>A camera's user and password; prints as <c>***</c>, so settings can be logged without leaking them.</summary>
public sealed class SourceCredentials(string user, string password)
{
    /// <summary>The user name.</summary>
    public string User { get; } = user;

    /// <summary>The credentials for an HTTP handler (basic or digest, as the camera asks).</summary>
    public NetworkCredential ToNetworkCredential() => new(User, password);

    /// <inheritdoc />
    public override string ToString() => "***";
}
