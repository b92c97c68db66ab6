namespace Capture.Core.Video.Internal;

/// <summary>What an MP4 sample entry needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1): profile, level, chroma format, bit depths and the cropped picture size.</summary>
internal readonly record struct H264SequenceParameterSet(byte Profile, byte Constraints, byte Level, int ChromaFormat, int LumaBitDepth, int ChromaBitDepth, int Width, int Height)
{
    /// <summary>Profiles whose SPS carries chroma format and bit depths (and whose avcC repeats them).</summary>
    public static bool IsHighProfile(int profile) => profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    /// <summary>Parses the SPS NAL unit (header byte included).</summary>
    /// <exception cref="InvalidDataException">Not an SPS, or truncated.</exception>
    public static H264SequenceParameterSet Parse(ReadOnlySpan<byte> nal)
    {
        if (nal.Length < 4 || (nal[0] & 0x1F) != 7)
        {
            throw new InvalidDataException("Not an H.264 sequence parameter set.");
        }

        var bits = new BitReader(BitReader.Rbsp(nal[1..]));
        byte profile = (byte)bits.Bits(8);
        byte constraints = (byte)bits.Bits(8);
        byte level = (byte)bits.Bits(8);
        bits.Ue(); // seq_parameter_set_id
        int chroma = 1;
        int lumaDepth = 8;
        int chromaDepth = 8;
        if (IsHighProfile(profile))
        {
            chroma = (int)bits.Ue();
            if (chroma == 3)
            {
                bits.Skip(1); // separate_colour_plane_flag
            }

            lumaDepth = 8 + (int)bits.Ue();
            chromaDepth = 8 + (int)bits.Ue();
            bits.Skip(1); // qpprime_y_zero_transform_bypass_flag
            if (bits.Bit() == 1)
            {
                SkipScalingLists(ref bits, chroma == 3 ? 12 : 8);
            }
        }

        bits.Ue(); // log2_max_frame_num_minus4
        switch (bits.Ue())
        {
            case 0:
                bits.Ue(); // log2_max_pic_order_cnt_lsb_minus4
                break;
            case 1:
                bits.Skip(1); // delta_pic_order_always_zero_flag
                bits.Se(); // offset_for_non_ref_pic
                bits.Se(); // offset_for_top_to_bottom_field
                uint cycle = bits.Ue();
                for (uint i = 0; i < cycle; i++)
                {
                    bits.Se();
                }

                break;
        }

        bits.Ue(); // max_num_ref_frames
        bits.Skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthInMacroblocks = (int)bits.Ue() + 1;
        int heightInMapUnits = (int)bits.Ue() + 1;
        int frameMbsOnly = (int)bits.Bit();
        if (frameMbsOnly == 0)
        {
            bits.Skip(1); // mb_adaptive_frame_field_flag
        }

        bits.Skip(1); // direct_8x8_inference_flag
        int width = widthInMacroblocks * 16;
        int height = (2 - frameMbsOnly) * heightInMapUnits * 16;
        if (bits.Bit() == 1)
        {
            // Cropping counts in chroma samples (§7.4.2.1.1): 2 across for 4:2:0 and 4:2:2, 2 down for 4:2:0, per field when interlaced.
            int cropX = chroma is 1 or 2 ? 2 : 1;
            int cropY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
            width -= cropX * (int)(bits.Ue() + bits.Ue());
            height -= cropY * (int)(bits.Ue() + bits.Ue());
        }

        return width > 0 && height > 0
            ? new H264SequenceParameterSet(profile, constraints, level, chroma, lumaDepth, chromaDepth, width, height)
            : throw new InvalidDataException($"The H.264 sequence parameter set gives a picture of {width}x{height}.");
    }

    private static void SkipScalingLists(ref BitReader bits, int count)
    {
        for (int list = 0; list < count; list++)
        {
            if (bits.Bit() == 0)
            {
                continue;
            }

            int size = list < 6 ? 16 : 64;
            int last = 8;
            int next = 8;
            for (int j = 0; j < size && next != 0; j++)
            {
                next = (last + bits.Se() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }
    }
}
