using System.Globalization;

namespace Capture.Drivers.Rtsp;

/// <summary>What a client needs of an SDP (RFC 8866) answer to DESCRIBE: the aggregate control URL and each video stream's payload format and control URL.</summary>
internal sealed class SessionDescription
{
    private SessionDescription(string? control, IReadOnlyList<VideoMedia> video)
    {
        Control = control;
        Video = video;
    }

    /// <summary>The session-level <c>a=control</c>, when given.</summary>
    public string? Control { get; }

    /// <summary>The video streams (<c>m=video</c>), in order, each with its first payload format that is known (an <c>a=rtpmap</c>, or a static type).</summary>
    public IReadOnlyList<VideoMedia> Video { get; }

    /// <summary>Parses the SDP text.</summary>
    public static SessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        string? sessionControl = null;
        var video = new List<VideoMedia>();
        MediaBuilder? media = null;
        bool sessionLevel = true; // until the first m= line
        foreach (string raw in sdp.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                Add(media, video);
                sessionLevel = false;
                string[] fields = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                media = fields.Length >= 4 && fields[0] == "video" ? new MediaBuilder(fields[3..]) : null;
                continue;
            }

            if (!line.StartsWith("a=", StringComparison.Ordinal))
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? line[2..] : line[2..colon];
            string value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
            if (name == "control" && sessionLevel)
            {
                sessionControl = value;
            }
            else if (media is not null)
            {
                media.Attribute(name, value);
            }
        }

        Add(media, video);
        return new SessionDescription(sessionControl, video);
    }

    private static void Add(MediaBuilder? media, List<VideoMedia> video)
    {
        if (media?.Build() is { } built)
        {
            video.Add(built);
        }
    }

    private sealed class MediaBuilder(string[] payloadTypes)
    {
        /// <summary>The static video payload types of RFC 3551 §6, which need no rtpmap.</summary>
        private static readonly Dictionary<int, string> s_static = new() { [26] = "JPEG", [31] = "H261", [32] = "MPV", [33] = "MP2T", [34] = "H263" };

        private readonly Dictionary<int, (string Encoding, int ClockRate)> _maps = [];
        private readonly Dictionary<int, string> _formats = [];
        private string? _control;

        public void Attribute(string name, string value)
        {
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            bool typed = space > 0 && int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out _);
            int type = typed ? int.Parse(value.AsSpan(0, space), CultureInfo.InvariantCulture) : -1;
            switch (name)
            {
                case "control":
                    _control = value;
                    break;
                case "rtpmap" when typed:
                    string[] map = value[(space + 1)..].Trim().Split('/');
                    _maps[type] = (map[0].ToUpperInvariant(), map.Length > 1 && int.TryParse(map[1], NumberStyles.None, CultureInfo.InvariantCulture, out int rate) ? rate : 90000);
                    break;
                case "fmtp" when typed:
                    _formats[type] = value[(space + 1)..].Trim();
                    break;
            }
        }

        public VideoMedia? Build()
        {
            foreach (string listed in payloadTypes)
            {
                if (int.TryParse(listed, NumberStyles.None, CultureInfo.InvariantCulture, out int type) && _maps.TryGetValue(type, out var map))
                {
                    return new VideoMedia(map.Encoding, type, map.ClockRate, FormatParameters(_formats.GetValueOrDefault(type)), _control);
                }

                if (s_static.TryGetValue(type, out string? encoding))
                {
                    return new VideoMedia(encoding, type, 90000, FormatParameters(_formats.GetValueOrDefault(type)), _control);
                }
            }

            return payloadTypes.Length > 0 ? new VideoMedia("UNKNOWN", -1, 90000, new Dictionary<string, string>(), _control) : null;
        }

        /// <summary><c>a=fmtp</c>'s <c>name=value;…</c> pairs (values may hold '=' and ',', as base64 parameter sets do).</summary>
        private static Dictionary<string, string> FormatParameters(string? text)
        {
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string pair in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    parameters[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
                }
            }

            return parameters;
        }
    }
}

/// <summary>One video stream of a session: its RTP payload format (<c>a=rtpmap</c>, <c>a=fmtp</c>) and control URL.</summary>
/// <param name="Encoding">The encoding name in capitals, e.g. <c>H264</c>, <c>H265</c>, <c>JPEG</c>.</param>
/// <param name="PayloadType">The RTP payload type its packets carry.</param>
/// <param name="ClockRate">Ticks per second of its RTP timestamps.</param>
/// <param name="Format">The <c>a=fmtp</c> parameters, e.g. <c>sprop-parameter-sets</c>.</param>
/// <param name="Control">Its <c>a=control</c> (absolute, or relative to the session's base URL).</param>
internal sealed record VideoMedia(string Encoding, int PayloadType, int ClockRate, IReadOnlyDictionary<string, string> Format, string? Control);
