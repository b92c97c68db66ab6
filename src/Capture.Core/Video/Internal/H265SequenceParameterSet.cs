namespace Capture.Core.Video.Internal;

/// <summary>What an MP4 sample entry needs from an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2): the general profile, tier and level bytes, sub-layers, chroma format, bit depths and the cropped picture size.</summary>
/// <param name="ProfileTierLevel">The 12 bytes of <c>general_profile_space</c> … <c>general_level_idc</c>, as hvcC repeats them.</param>
/// <param name="SubLayers">Temporal sub-layers (<c>sps_max_sub_layers_minus1</c> + 1).</param>
/// <param name="TemporalIdNested"><c>sps_temporal_id_nesting_flag</c>.</param>
/// <param name="ChromaFormat"><c>chroma_format_idc</c> (1: 4:2:0).</param>
/// <param name="LumaBitDepth">Bits per luma sample.</param>
/// <param name="ChromaBitDepth">Bits per chroma sample.</param>
/// <param name="Width">Width in pixels, after the conformance window.</param>
/// <param name="Height">Height in pixels, after the conformance window.</param>
internal sealed record H265SequenceParameterSet(byte[] ProfileTierLevel, int SubLayers, bool TemporalIdNested, int ChromaFormat, int LumaBitDepth, int ChromaBitDepth, int Width, int Height)
{
    /// <summary>Parses the SPS NAL unit (its two header bytes included).</summary>
    /// <exception cref="InvalidDataException">Not an SPS, or truncated.</exception>
    public static H265SequenceParameterSet Parse(ReadOnlySpan<byte> nal)
    {
        if (nal.Length < 15 || ((nal[0] >> 1) & 0x3F) != 33)
        {
            throw new InvalidDataException("Not an H.265 sequence parameter set.");
        }

        var rbsp = BitReader.Rbsp(nal[2..]);
        if (rbsp.Length < 13)
        {
            throw new InvalidDataException("The H.265 sequence parameter set is truncated.");
        }

        var bits = new BitReader(rbsp);
        bits.Skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int)bits.Bits(3);
        bool nested = bits.Bit() == 1;
        bits.Skip(96); // general profile_tier_level: space, tier, profile, 32 compatibility flags, 48 constraint flags, level
        SkipSubLayers(ref bits, maxSubLayersMinus1);
        bits.Ue(); // sps_seq_parameter_set_id
        int chroma = (int)bits.Ue();
        if (chroma == 3)
        {
            bits.Skip(1); // separate_colour_plane_flag
        }

        int width = (int)bits.Ue();
        int height = (int)bits.Ue();
        if (bits.Bit() == 1)
        {
            // The conformance window counts in chroma samples: 2 across for 4:2:0 and 4:2:2, 2 down for 4:2:0.
            int unitX = chroma is 1 or 2 ? 2 : 1;
            int unitY = chroma == 1 ? 2 : 1;
            width -= unitX * (int)(bits.Ue() + bits.Ue());
            height -= unitY * (int)(bits.Ue() + bits.Ue());
        }

        int lumaDepth = 8 + (int)bits.Ue();
        int chromaDepth = 8 + (int)bits.Ue();
        return width > 0 && height > 0
            ? new H265SequenceParameterSet(rbsp[1..13], maxSubLayersMinus1 + 1, nested, chroma, lumaDepth, chromaDepth, width, height)
            : throw new InvalidDataException($"The H.265 sequence parameter set gives a picture of {width}x{height}.");
    }

    /// <summary>Skips the sub-layers' part of profile_tier_level: two presence flags each, padding to 8 entries, then each present profile (88 bits) and level (8 bits).</summary>
    private static void SkipSubLayers(ref BitReader bits, int maxSubLayersMinus1)
    {
        Span<(bool Profile, bool Level)> present = stackalloc (bool, bool)[8];
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            present[i] = (bits.Bit() == 1, bits.Bit() == 1);
        }

        if (maxSubLayersMinus1 > 0)
        {
            bits.Skip(2 * (8 - maxSubLayersMinus1));
        }

        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            bits.Skip((present[i].Profile ? 88 : 0) + (present[i].Level ? 8 : 0));
        }
    }
}
