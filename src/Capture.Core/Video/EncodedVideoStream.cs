using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Capture.Core.Frames;
using Capture.Core.Video.Internal;

namespace Capture.Core.Video;

/// <summary>One session of a camera's video stream as MP4 describes it: codec and its configuration, size, clock, and the initialization segment.</summary>
/// <remarks>
/// The configuration (SPS/PPS, and VPS for H.265) lives in the sample entry's <c>avcC</c>/<c>hvcC</c> box inside
/// <see cref="InitSegment"/>, which is kept byte for byte: recordings and the browser's Media Source Extensions start
/// from exactly these bytes, so nothing about the camera's bitstream is re-described or lost. Frames point to their
/// stream through <see cref="VideoFrameInfo.Stream"/>; a new session (a reconnect) is a new instance.
/// </remarks>
public sealed class EncodedVideoStream
{
    private EncodedVideoStream(VideoPixelFormat format, string codecString, int width, int height, int timescale, uint trackId, ReadOnlyMemory<byte> initSegment)
    {
        Format = format;
        Codec = codecString;
        Width = width;
        Height = height;
        Timescale = timescale;
        TrackId = trackId;
        InitSegment = initSegment;
    }

    /// <summary>The frames' format: <see cref="VideoPixelFormat.H264"/>, <see cref="VideoPixelFormat.H265"/>, or <see cref="VideoPixelFormat.Bgra32"/> for raw video (a decoder's output).</summary>
    public VideoPixelFormat Format { get; }

    /// <summary>The RFC 6381 codec string, e.g. <c>avc1.42C01F</c>, as <c>MediaSource.isTypeSupported</c> takes it.</summary>
    public string Codec { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Ticks per second of the frames' <see cref="VideoFrameInfo.DecodeTime"/> and <see cref="VideoFrameInfo.CompositionOffset"/>.</summary>
    public int Timescale { get; }

    /// <summary>The MP4 track id the fragments refer to.</summary>
    public uint TrackId { get; }

    /// <summary>The <c>ftyp</c> and <c>moov</c> boxes: what a fragmented MP4 file or an MSE source buffer starts with.</summary>
    public ReadOnlyMemory<byte> InitSegment { get; }

    /// <summary>The MIME type with codec, e.g. <c>video/mp4; codecs="avc1.42C01F"</c>.</summary>
    public string MimeType => $"video/mp4; codecs=\"{Codec}\"";

    /// <summary>Reads the stream's description from an initialization segment (<c>ftyp</c> + <c>moov</c>, or <c>moov</c> alone).</summary>
    /// <exception cref="InvalidDataException">The segment has no video track, or a codec other than H.264, H.265 or raw video.</exception>
    public static EncodedVideoStream Parse(ReadOnlyMemory<byte> initSegment)
    {
        var boxes = initSegment.Span;
        var moov = Mp4Boxes.Child(boxes, Mp4Boxes.Type("moov"));
        var trak = Mp4Boxes.Child(moov, Mp4Boxes.Type("trak"));
        var tkhd = Mp4Boxes.Child(trak, Mp4Boxes.Type("tkhd"));
        var mdhd = Mp4Boxes.Path(trak, "mdia", "mdhd");
        var stsd = Mp4Boxes.Path(trak, "mdia", "minf", "stbl", "stsd");
        if (tkhd.Length < 24 || mdhd.Length < 24 || stsd.Length < 8 + 86)
        {
            throw new InvalidDataException("The MP4 initialization segment has no complete video track.");
        }

        uint trackId = BinaryPrimitives.ReadUInt32BigEndian(tkhd[(tkhd[0] == 1 ? 20 : 12)..]);
        int timescale = (int)BinaryPrimitives.ReadUInt32BigEndian(mdhd[(mdhd[0] == 1 ? 20 : 12)..]);

        // stsd: version/flags, entry count, then the first (visual) sample entry: its type, size at offset 32 and child boxes after 86 bytes.
        var entry = stsd[8..];
        int entrySize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(entry), (uint)entry.Length);
        string type = Mp4Boxes.Text(BinaryPrimitives.ReadUInt32BigEndian(entry[4..]));
        int width = BinaryPrimitives.ReadUInt16BigEndian(entry[32..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(entry[34..]);
        var children = entry[86..entrySize];
        var (format, codec) = type switch
        {
            "avc1" or "avc3" => (VideoPixelFormat.H264, AvcCodec(type, Mp4Boxes.Child(children, Mp4Boxes.Type("avcC")))),
            "hvc1" or "hev1" => (VideoPixelFormat.H265, HevcCodec(type, Mp4Boxes.Child(children, Mp4Boxes.Type("hvcC")))),
            "BGRA" or "raw " => (VideoPixelFormat.Bgra32, "raw"),
            _ => throw new InvalidDataException($"The stream's codec '{type.Trim()}' is neither H.264 nor H.265."),
        };
        if (width <= 0 || height <= 0 || timescale <= 0)
        {
            throw new InvalidDataException($"The MP4 video track has no size or clock ({width}x{height}, timescale {timescale}).");
        }

        return new EncodedVideoStream(format, codec, width, height, timescale, trackId, initSegment);
    }

    /// <summary>Describes an H.264 or H.265 stream from its parameter sets (SPS and PPS; VPS too for H.265), for a source that carries no MP4 of its own (RTP).</summary>
    /// <param name="format"><see cref="VideoPixelFormat.H264"/> or <see cref="VideoPixelFormat.H265"/>.</param>
    /// <param name="parameterSets">The NAL units, each with its header and without a start code or length.</param>
    /// <param name="timescale">Ticks per second of the frames' decode times (90,000 for RTP video).</param>
    /// <exception cref="InvalidDataException">A parameter set the codec needs is missing or unreadable.</exception>
    public static EncodedVideoStream FromParameterSets(VideoPixelFormat format, IReadOnlyList<byte[]> parameterSets, int timescale)
    {
        ArgumentNullException.ThrowIfNull(parameterSets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timescale);
        return Parse(Mp4InitSegment.Create(format, parameterSets, timescale));
    }

    /// <summary>avc1.PPCCLL: profile, constraint flags and level from the avcC box.</summary>
    private static string AvcCodec(string type, ReadOnlySpan<byte> avcC) => avcC.Length < 4
        ? throw new InvalidDataException("The H.264 sample entry has no avcC configuration.")
        : string.Create(CultureInfo.InvariantCulture, $"{type}.{avcC[1]:X2}{avcC[2]:X2}{avcC[3]:X2}");

    /// <summary>hvc1.[space]profile.compatibility.tierLevel.constraints, as ISO/IEC 14496-15 Annex E spells it.</summary>
    private static string HevcCodec(string type, ReadOnlySpan<byte> hvcC)
    {
        if (hvcC.Length < 13)
        {
            throw new InvalidDataException("The H.265 sample entry has no hvcC configuration.");
        }

        int space = hvcC[1] >> 6;
        bool highTier = (hvcC[1] & 0x20) != 0;
        int profile = hvcC[1] & 0x1F;
        uint compatibility = BinaryPrimitives.ReadUInt32BigEndian(hvcC[2..]);
        uint reversed = 0;
        for (int i = 0; i < 32; i++)
        {
            reversed |= ((compatibility >> i) & 1) << (31 - i);
        }

        var text = new StringBuilder(type).Append('.');
        if (space > 0)
        {
            text.Append((char)('A' + space - 1));
        }

        text.Append(CultureInfo.InvariantCulture, $"{profile}.{reversed:X}.{(highTier ? 'H' : 'L')}{hvcC[12]}");
        int last = 11;
        while (last >= 6 && hvcC[last] == 0)
        {
            last--;
        }

        for (int i = 6; i <= last; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $".{hvcC[i]:X2}");
        }

        return text.ToString();
    }
}
