using Capture.Core.Frames;

namespace Capture.Core.Video.Internal;

/// <summary>Writes the initialization segment (<c>ftyp</c> + <c>moov</c>) of a fragmented MP4 stream of one H.264 or H.265 track, from the stream's parameter sets.</summary>
/// <remarks>
/// The same shape ffmpeg writes with <c>-movflags empty_moov+default_base_moof</c>: an empty sample table, a
/// <c>trex</c> for the fragments, and the decoder configuration (<c>avcC</c> in an <c>avc1</c> entry, <c>hvcC</c> in a
/// <c>hev1</c> entry) built from the SPS/PPS (and VPS) per ISO/IEC 14496-15. <c>avc1</c> and <c>hev1</c> are the tags
/// ffmpeg gives a stream copy; parameter sets repeated in the samples stay there, as the camera sent them.
/// </remarks>
internal static class Mp4InitSegment
{
    private const uint TrackId = 1;
    private static readonly int[] s_hevcArrays = [32, 33, 34]; // VPS, SPS, PPS

    /// <summary>The initialization segment for a stream of <paramref name="format"/> described by <paramref name="parameterSets"/> (NAL units with their headers).</summary>
    /// <exception cref="InvalidDataException">A parameter set the codec needs is missing or unreadable.</exception>
    public static byte[] Create(VideoPixelFormat format, IReadOnlyList<byte[]> parameterSets, int timescale)
    {
        var (entry, width, height, configuration) = format switch
        {
            VideoPixelFormat.H264 => Avc(parameterSets),
            VideoPixelFormat.H265 => Hevc(parameterSets),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Only H.264 and H.265 streams are described from parameter sets."),
        };

        var mp4 = new Mp4BoxWriter();
        mp4.Begin("ftyp").Text("iso5").UInt32(512).Text("iso5").Text("iso6").Text("mp41").End();
        mp4.Begin("moov");
        mp4.Begin("mvhd", 0, 0).UInt32(0).UInt32(0).UInt32(1000).UInt32(0).UInt32(0x00010000).UInt16(0x0100).Zeros(10).UnityMatrix().Zeros(24).UInt32(TrackId + 1).End();
        mp4.Begin("trak");
        mp4.Begin("tkhd", 0, 3).UInt32(0).UInt32(0).UInt32(TrackId).UInt32(0).UInt32(0).Zeros(8).UInt16(0).UInt16(0).UInt16(0).UInt16(0).UnityMatrix()
            .UInt32((uint)width << 16).UInt32((uint)height << 16).End();
        mp4.Begin("mdia");
        mp4.Begin("mdhd", 0, 0).UInt32(0).UInt32(0).UInt32((uint)timescale).UInt32(0).UInt16(0x55C4).UInt16(0).End(); // language "und"
        mp4.Begin("hdlr", 0, 0).UInt32(0).Text("vide").Zeros(12).Text("VideoHandler").UInt8(0).End();
        mp4.Begin("minf");
        mp4.Begin("vmhd", 0, 1).Zeros(8).End();
        mp4.Begin("dinf").Begin("dref", 0, 0).UInt32(1).Begin("url ", 0, 1).End().End().End();
        mp4.Begin("stbl");
        mp4.Begin("stsd", 0, 0).UInt32(1);
        mp4.Begin(entry).Zeros(6).UInt16(1).Zeros(16).UInt16(width).UInt16(height).UInt32(0x00480000).UInt32(0x00480000).UInt32(0).UInt16(1)
            .Zeros(32).UInt16(0x0018).UInt16(0xFFFF);
        mp4.Box(entry == "avc1" ? "avcC" : "hvcC", configuration);
        mp4.End().End(); // sample entry, stsd
        mp4.Begin("stts", 0, 0).UInt32(0).End();
        mp4.Begin("stsc", 0, 0).UInt32(0).End();
        mp4.Begin("stsz", 0, 0).UInt32(0).UInt32(0).End();
        mp4.Begin("stco", 0, 0).UInt32(0).End();
        mp4.End().End().End().End(); // stbl, minf, mdia, trak
        mp4.Begin("mvex").Begin("trex", 0, 0).UInt32(TrackId).UInt32(1).UInt32(0).UInt32(0).UInt32(0).End().End();
        mp4.End(); // moov
        return mp4.ToArray();
    }

    /// <summary>avcC (ISO/IEC 14496-15 §5.3.3.1): profile, compatibility and level from the first SPS, 4-byte lengths, every SPS and PPS.</summary>
    private static (string Entry, int Width, int Height, byte[] Configuration) Avc(IReadOnlyList<byte[]> parameterSets)
    {
        var sps = parameterSets.Where(n => n.Length > 0 && (n[0] & 0x1F) == 7).ToList();
        var pps = parameterSets.Where(n => n.Length > 0 && (n[0] & 0x1F) == 8).ToList();
        if (sps.Count == 0 || pps.Count == 0)
        {
            throw new InvalidDataException("The H.264 stream has not given its SPS and PPS.");
        }

        var first = H264SequenceParameterSet.Parse(sps[0]);
        var avcC = new Mp4BoxWriter().UInt8(1).UInt8(first.Profile).UInt8(first.Constraints).UInt8(first.Level).UInt8(0xFF).UInt8(0xE0 | sps.Count);
        foreach (var set in sps)
        {
            avcC.UInt16(set.Length).Bytes(set);
        }

        avcC.UInt8(pps.Count);
        foreach (var set in pps)
        {
            avcC.UInt16(set.Length).Bytes(set);
        }

        if (H264SequenceParameterSet.IsHighProfile(first.Profile))
        {
            avcC.UInt8(0xFC | first.ChromaFormat).UInt8(0xF8 | (first.LumaBitDepth - 8)).UInt8(0xF8 | (first.ChromaBitDepth - 8)).UInt8(0);
        }

        return ("avc1", first.Width, first.Height, avcC.ToArray());
    }

    /// <summary>hvcC (ISO/IEC 14496-15 §8.3.3.1): the SPS's general profile, tier and level, chroma and bit depths, 4-byte lengths, then the VPS, SPS and PPS arrays.</summary>
    private static (string Entry, int Width, int Height, byte[] Configuration) Hevc(IReadOnlyList<byte[]> parameterSets)
    {
        static int Type(byte[] nal) => nal.Length > 1 ? (nal[0] >> 1) & 0x3F : -1;
        var arrays = s_hevcArrays.Select(type => (Type: type, Units: parameterSets.Where(n => Type(n) == type).ToList())).ToList();
        if (arrays.Any(a => a.Units.Count == 0))
        {
            throw new InvalidDataException("The H.265 stream has not given its VPS, SPS and PPS.");
        }

        var sps = H265SequenceParameterSet.Parse(arrays[1].Units[0]);
        var hvcC = new Mp4BoxWriter().UInt8(1).Bytes(sps.ProfileTierLevel)
            .UInt16(0xF000) // min_spatial_segmentation_idc: unknown
            .UInt8(0xFC)    // parallelismType: unknown
            .UInt8(0xFC | sps.ChromaFormat).UInt8(0xF8 | (sps.LumaBitDepth - 8)).UInt8(0xF8 | (sps.ChromaBitDepth - 8))
            .UInt16(0)      // avgFrameRate: unspecified
            .UInt8((sps.SubLayers << 3) | (sps.TemporalIdNested ? 0x04 : 0) | 0x03)
            .UInt8(arrays.Count);
        foreach (var (type, units) in arrays)
        {
            hvcC.UInt8(type).UInt16(units.Count); // array_completeness 0: hev1 lets the samples repeat them
            foreach (var unit in units)
            {
                hvcC.UInt16(unit.Length).Bytes(unit);
            }
        }

        return ("hev1", sps.Width, sps.Height, hvcC.ToArray());
    }
}
