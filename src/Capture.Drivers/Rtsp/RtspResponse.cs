using System.Globalization;
using System.Text;

namespace Capture.Drivers.Rtsp;

/// <summary>One RTSP response (RFC 2326 §7): status, headers (a name may repeat), body.</summary>
internal sealed class RtspResponse
{
    private readonly List<(string Name, string Value)> _headers;

    private RtspResponse(int status, string reason, List<(string, string)> headers, byte[] body)
    {
        Status = status;
        Reason = reason;
        _headers = headers;
        Body = body;
    }

    /// <summary>The status code, e.g. 200.</summary>
    public int Status { get; }

    /// <summary>The reason phrase, e.g. <c>OK</c>.</summary>
    public string Reason { get; }

    /// <summary>The body (an SDP for DESCRIBE).</summary>
    public byte[] Body { get; }

    /// <summary>The response's <c>CSeq</c>, or -1.</summary>
    public int CSeq => int.TryParse(Header("CSeq"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int cseq) ? cseq : -1;

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name) => Headers(name).FirstOrDefault();

    /// <summary>Every value of header <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> Headers(string name) => _headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>Parses the head of a message (start line and headers, up to the blank line, excluded); the body follows separately.</summary>
    /// <returns>The response, or null when the message is a request from the server (which a client may ignore).</returns>
    /// <exception cref="InvalidDataException">The head is not an RTSP message.</exception>
    public static RtspResponse? Parse(ReadOnlySpan<byte> head, byte[] body)
    {
        string[] lines = Encoding.Latin1.GetString(head).Split("\r\n");
        string[] start = lines[0].Split(' ', 3);
        var headers = new List<(string, string)>();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        if (!start[0].StartsWith("RTSP/", StringComparison.Ordinal))
        {
            return start.Length == 3 && start[2].StartsWith("RTSP/", StringComparison.Ordinal)
                ? null
                : throw new InvalidDataException("The server sent something that is not an RTSP message.");
        }

        return start.Length >= 2 && int.TryParse(start[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status)
            ? new RtspResponse(status, start.Length > 2 ? start[2] : string.Empty, headers, body)
            : throw new InvalidDataException($"The server's RTSP status line is malformed: '{lines[0]}'.");
    }

    /// <summary>The body length the head declares (<c>Content-Length</c>), 0 when absent.</summary>
    public static int ContentLength(ReadOnlySpan<byte> head)
    {
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (line.Length > 15 && Ascii.EqualsIgnoreCase(line[..15], "Content-Length:"u8))
            {
                return int.TryParse(Encoding.Latin1.GetString(line[15..]).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int length) && length <= RtspConnection.MaxMessage
                    ? length
                    : throw new InvalidDataException("The server's RTSP Content-Length is invalid or too large.");
            }
        }

        return 0;
    }
}
