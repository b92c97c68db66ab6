using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Capture.Drivers.Rtsp;

/// <summary>Answers an RTSP server's challenges (<c>WWW-Authenticate</c>) with the camera's credentials: Digest (RFC 2617/7616: MD5 or SHA-256, with or without <c>qop=auth</c>) or Basic.</summary>
/// <remarks>Digest is preferred when the server offers both. The credentials are used only to compute the <c>Authorization</c> header; they are never logged or put in an error.</remarks>
/// <param name="credentials">The camera's user and password.</param>
/// <param name="clientNonce">Makes the client nonce of <c>qop=auth</c> (random by default; fixed in specs).</param>
internal sealed class RtspAuthentication(NetworkCredential credentials, Func<string>? clientNonce = null)
{
    private Dictionary<string, string>? _digest;
    private bool _basic;
    private int _nonceCount;
    private string _clientNonce = string.Empty;

    /// <summary>Takes the server's challenges from a 401 response.</summary>
    /// <returns>False when none can be answered (an unknown scheme or algorithm).</returns>
    public bool Challenge(IEnumerable<string> challenges)
    {
        var offered = challenges.ToList();
        var digest = offered.FirstOrDefault(c => c.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase));
        if (digest is not null && Parameters(digest[7..]) is var parameters && Algorithm(parameters) is not null && parameters.ContainsKey("nonce"))
        {
            _digest = parameters;
            _nonceCount = 0;
            _clientNonce = clientNonce?.Invoke() ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            return true;
        }

        _basic = offered.Any(c => c.StartsWith("Basic", StringComparison.OrdinalIgnoreCase));
        return _basic;
    }

    /// <summary>The <c>Authorization</c> header for a request, or null before any challenge.</summary>
    public string? Header(string method, string uri)
    {
        if (_digest is { } digest)
        {
            return Digest(digest, method, uri);
        }

        return _basic ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}")) : null;
    }

    private string Digest(Dictionary<string, string> challenge, string method, string uri)
    {
        var hash = Algorithm(challenge)!;
        string realm = challenge.GetValueOrDefault("realm", string.Empty);
        string nonce = challenge["nonce"];
        string a1 = hash($"{credentials.UserName}:{realm}:{credentials.Password}");
        string a2 = hash($"{method}:{uri}");
        bool qop = challenge.TryGetValue("qop", out string? offered) && offered.Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
        var header = new StringBuilder("Digest ");
        header.Append(CultureInfo.InvariantCulture, $"username=\"{credentials.UserName}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\"");
        if (qop)
        {
            string count = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
            header.Append(CultureInfo.InvariantCulture, $", response=\"{hash($"{a1}:{nonce}:{count}:{_clientNonce}:auth:{a2}")}\", qop=auth, nc={count}, cnonce=\"{_clientNonce}\"");
        }
        else
        {
            header.Append(CultureInfo.InvariantCulture, $", response=\"{hash($"{a1}:{nonce}:{a2}")}\"");
        }

        if (challenge.TryGetValue("algorithm", out string? algorithm))
        {
            header.Append(CultureInfo.InvariantCulture, $", algorithm={algorithm}");
        }

        if (challenge.TryGetValue("opaque", out string? opaque))
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{opaque}\"");
        }

        return header.ToString();
    }

    /// <summary>The hash the challenge names (MD5 when it names none), or null for one not supported.</summary>
    private static Func<string, string>? Algorithm(Dictionary<string, string> challenge) =>
        challenge.GetValueOrDefault("algorithm", "MD5").ToUpperInvariant() switch
        {
#pragma warning disable CA5351 // RTSP Digest authentication is defined over MD5; cameras offer nothing else
            "MD5" => text => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))),
#pragma warning restore CA5351
            "SHA-256" => text => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            _ => null,
        };

    /// <summary>The <c>name=value</c> pairs of a challenge, values unquoted (a quoted value may hold commas).</summary>
    private static Dictionary<string, string> Parameters(string text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int at = 0;
        while (at < text.Length)
        {
            int equals = text.IndexOf('=', at);
            if (equals < 0)
            {
                break;
            }

            string name = text[at..equals].Trim(' ', ',');
            int start = equals + 1;
            string value;
            if (start < text.Length && text[start] == '"')
            {
                int end = text.IndexOf('"', start + 1);
                end = end < 0 ? text.Length : end;
                value = text[(start + 1)..end];
                at = end + 1;
            }
            else
            {
                int end = text.IndexOf(',', start);
                end = end < 0 ? text.Length : end;
                value = text[start..end].Trim();
                at = end;
            }

            parameters[name] = value;
            at = text.IndexOf(',', Math.Min(at, text.Length)) is var comma && comma >= 0 ? comma + 1 : text.Length;
        }

        return parameters;
    }
}
