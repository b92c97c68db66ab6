using Capture.Core.Frames;

namespace Capture.Drivers.Rtsp;

/// <summary>How H.264 (RFC 6184) and H.265 (RFC 7798) NAL units and their RTP payloads differ, as a table; <see cref="AccessUnitAssembler"/> is the one algorithm over both.</summary>
/// <param name="Format">The frames' format.</param>
/// <param name="HeaderLength">Bytes of a NAL unit header.</param>
/// <param name="TypeShift">Where the type sits in the header's first byte.</param>
/// <param name="TypeMask">The type's bits, after the shift.</param>
/// <param name="FirstSingle">The first NAL type a payload may carry alone (all up to the aggregation type).</param>
/// <param name="Aggregation">The payload type that packs several NAL units (STAP-A; AP).</param>
/// <param name="Fragmentation">The payload type that carries a piece of one NAL unit (FU-A; FU).</param>
/// <param name="FirstParameterSet">The first NAL type of the parameter sets (SPS; VPS).</param>
/// <param name="LastParameterSet">The last (PPS).</param>
/// <param name="FirstRandomAccess">The first NAL type of a picture decoding can start at (IDR; BLA).</param>
/// <param name="LastRandomAccess">The last (IDR; CRA).</param>
internal sealed record NalSyntax(
    VideoPixelFormat Format,
    int HeaderLength,
    int TypeShift,
    int TypeMask,
    int FirstSingle,
    int Aggregation,
    int Fragmentation,
    int FirstParameterSet,
    int LastParameterSet,
    int FirstRandomAccess,
    int LastRandomAccess)
{
    //                                              header shift mask  single agg frag  sets    random access
    public static readonly NalSyntax H264 = new(VideoPixelFormat.H264, 1, 0, 0x1F, 1, 24, 28, 7, 8, 5, 5);
    public static readonly NalSyntax H265 = new(VideoPixelFormat.H265, 2, 1, 0x3F, 0, 48, 49, 32, 34, 16, 21);

    /// <summary>The type of the NAL unit (or RTP payload) whose header starts with <paramref name="first"/>.</summary>
    public int Type(byte first) => (first >> TypeShift) & TypeMask;

    /// <summary>The first header byte of a NAL unit of <paramref name="type"/>, the other header bits kept from <paramref name="first"/> (a fragment's payload header).</summary>
    public byte WithType(byte first, int type) => (byte)((first & ~(TypeMask << TypeShift)) | (type << TypeShift));

    public bool IsParameterSet(int type) => type >= FirstParameterSet && type <= LastParameterSet;

    public bool IsRandomAccess(int type) => type >= FirstRandomAccess && type <= LastRandomAccess;

    /// <summary>A single NAL unit in the payload.</summary>
    public bool IsSingle(int type) => type >= FirstSingle && type < Aggregation;
}
