using System.Buffers.Binary;
using Capture.Core.Frames;
using Capture.Drivers.Rtsp;

namespace Capture.Drivers.Tests.Rtsp;

/// <summary>RTP payloads of H.264 (RFC 6184) and H.265 (RFC 7798) to access units written as MP4 samples: every way a camera packs NAL units, and every way packets go missing.</summary>
public sealed class AccessUnitAssemblerSpecs
{
    private static readonly byte[] s_sps = [0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01, 0x40, 0x16, 0xE8];
    private static readonly byte[] s_pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] s_idr = [0x65, .. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];
    private static readonly byte[] s_slice = [0x41, 0x9A, 0x02, 0x04, 0x08];

    private readonly FramePool _pool = new();
    private ushort _sequence = 1000;

    [Fact]
    public void Single_NAL_unit_packets_should_make_one_sample_ending_at_the_marker()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        Add(assembler, 9000, false, s_sps);
        Add(assembler, 9000, false, s_pps);
        Assert.False(assembler.TryTake(out _));
        Add(assembler, 9000, true, s_idr);

        var unit = Take(assembler);
        Assert.True(unit.IsKeyFrame);
        Assert.Equal(9000u, unit.Timestamp);
        Assert.Equal(Sample(s_sps, s_pps, s_idr), unit.Frame!.Data.ToArray());
        Assert.Equal([s_sps, s_pps], assembler.ParameterSets);
        unit.Frame.Dispose();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Aggregated_and_fragmented_NAL_units_should_make_the_same_sample_as_single_ones()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        Add(assembler, 9000, false, StapA(s_sps, s_pps));
        foreach (var (fragment, last) in FuA(s_idr, 1000))
        {
            Add(assembler, 9000, last, fragment);
        }

        Add(assembler, 12000, true, s_slice);

        using (var key = Take(assembler).Frame!)
        {
            Assert.Equal(Sample(s_sps, s_pps, s_idr), key.Data.ToArray());
        }

        var next = Take(assembler);
        Assert.False(next.IsKeyFrame);
        Assert.Equal(Sample(s_slice), next.Frame!.Data.ToArray());
        next.Frame.Dispose();
    }

    [Fact]
    public void An_access_unit_whose_marker_was_never_sent_should_end_where_the_timestamp_changes()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        Add(assembler, 3000, false, s_slice);
        Add(assembler, 6000, false, s_slice);

        var first = Take(assembler);
        Assert.Equal((3000u, false), (first.Timestamp, first.Damaged));
        Assert.Equal(Sample(s_slice), first.Frame!.Data.ToArray());
        first.Frame.Dispose();
        Assert.False(assembler.TryTake(out _));
    }

    [Fact]
    public void A_lost_packet_should_damage_the_access_unit_it_belonged_to_and_no_other()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        var fragments = FuA(s_idr, 1000).ToList();
        Add(assembler, 9000, false, fragments[0].Fragment);
        _sequence++; // the middle fragment is lost
        Add(assembler, 9000, true, fragments[2].Fragment);
        Add(assembler, 12000, true, s_slice);

        var damaged = Take(assembler);
        Assert.True(damaged.Damaged);
        Assert.Null(damaged.Frame);
        var next = Take(assembler);
        Assert.False(next.Damaged);
        next.Frame!.Dispose();
        Assert.Equal(1, assembler.LostPackets);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_fragment_whose_start_was_lost_or_whose_end_never_came_should_damage_its_access_unit()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        var fragments = FuA(s_idr, 1000).ToList();
        Add(assembler, 9000, true, fragments[1].Fragment); // a middle piece alone
        Add(assembler, 12000, false, fragments[0].Fragment);
        Add(assembler, 12000, true, s_slice); // a whole unit before the fragmented one ended

        Assert.True(Take(assembler).Damaged);
        Assert.True(Take(assembler).Damaged);
    }

    [Fact]
    public void A_repeated_packet_should_be_ignored()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        Add(assembler, 9000, false, s_sps);
        _sequence--;
        Add(assembler, 9000, false, s_sps);
        Add(assembler, 9000, true, s_pps);

        var unit = Take(assembler);
        Assert.False(unit.Damaged);
        Assert.Equal(Sample(s_sps, s_pps), unit.Frame!.Data.ToArray());
        unit.Frame.Dispose();
    }

    [Fact]
    public void An_access_unit_larger_than_any_before_should_grow_its_frame_and_keep_every_byte()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        byte[] large = [0x65, .. Enumerable.Range(0, 200_000).Select(i => (byte)i)];
        foreach (var (fragment, last) in FuA(large, 1400))
        {
            Add(assembler, 9000, last, fragment);
        }

        var unit = Take(assembler);
        Assert.Equal(Sample(large), unit.Frame!.Data.ToArray());
        unit.Frame.Dispose();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void An_access_unit_that_never_ends_should_be_dropped_as_damaged_at_the_size_limit()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        byte[] piece = [0x7C, 0x05, .. new byte[60_000]]; // FU-A middle pieces of an IDR
        Add(assembler, 9000, false, [0x7C, 0x85, 0x00]);
        for (int i = 0; i < (AccessUnitAssembler.MaxLength / 60_000) + 10; i++)
        {
            Add(assembler, 9000, false, piece);
        }

        Add(assembler, 9000, true, [0x7C, 0x45, 0x00]);

        Assert.True(Take(assembler).Damaged);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Changed_parameter_sets_should_count_as_a_new_version_and_repeated_ones_should_not()
    {
        var assembler = new AccessUnitAssembler(NalSyntax.H264, _pool);
        assembler.Remember(s_sps);
        assembler.Remember(s_pps);
        int version = assembler.ParameterSetsVersion;
        Add(assembler, 9000, true, StapA(s_sps, s_pps));
        Assert.Equal(version, assembler.ParameterSetsVersion);

        byte[] wider = [.. s_sps[..^1], 0xF0];
        Add(assembler, 12000, true, wider);
        Assert.Equal(version + 1, assembler.ParameterSetsVersion);
        Assert.Equal([wider, s_pps], assembler.ParameterSets);
        while (assembler.TryTake(out var unit))
        {
            unit.Frame?.Dispose();
        }
    }

    [Fact]
    public void H265_aggregation_and_fragmentation_units_should_make_samples_with_two_byte_headers()
    {
        byte[] vps = [0x40, 0x01, 0x0C, 0x01];
        byte[] sps = [0x42, 0x01, 0x01, 0x01];
        byte[] pps = [0x44, 0x01, 0xC1, 0x72];
        byte[] idr = [0x26, 0x01, .. Enumerable.Range(0, 2500).Select(i => (byte)i)]; // IDR_W_RADL (19)
        byte[] trailing = [0x00, 0x01, 0xAA, 0xBB]; // TRAIL_N (0): a single NAL unit too
        var assembler = new AccessUnitAssembler(NalSyntax.H265, _pool);

        Add(assembler, 9000, false, Aggregate(0x60, vps, sps, pps)); // AP: type 48
        var fragments = idr[2..].Chunk(1000).ToList();
        for (int i = 0; i < fragments.Count; i++)
        {
            byte fu = (byte)((i == 0 ? 0x80 : 0) | (i == fragments.Count - 1 ? 0x40 : 0) | 19);
            Add(assembler, 9000, i == fragments.Count - 1, [0x62, 0x01, fu, .. fragments[i]]); // FU: type 49
        }

        Add(assembler, 12000, true, trailing);

        var key = Take(assembler);
        Assert.True(key.IsKeyFrame);
        Assert.Equal(Sample(vps, sps, pps, idr), key.Frame!.Data.ToArray());
        Assert.Equal(3, assembler.ParameterSets.Count);
        var next = Take(assembler);
        Assert.False(next.IsKeyFrame);
        Assert.Equal(Sample(trailing), next.Frame!.Data.ToArray());
        key.Frame.Dispose();
        next.Frame.Dispose();
    }

    private static byte[] Sample(params byte[][] nals) =>
        [.. nals.SelectMany(nal => (byte[])[(byte)(nal.Length >> 24), (byte)(nal.Length >> 16), (byte)(nal.Length >> 8), (byte)nal.Length, .. nal])];

    private static byte[] StapA(params byte[][] nals) => Aggregate(0x78, nals);

    private static byte[] Aggregate(byte header, params byte[][] nals)
    {
        var payload = new List<byte> { header };
        if (header >> 1 == 48)
        {
            payload.Add(0x01); // an H.265 payload header is two bytes
        }

        foreach (var nal in nals)
        {
            payload.AddRange([(byte)(nal.Length >> 8), (byte)nal.Length, .. nal]);
        }

        return [.. payload];
    }

    private static IEnumerable<(byte[] Fragment, bool Last)> FuA(byte[] nal, int size)
    {
        var pieces = nal[1..].Chunk(size).ToList();
        for (int i = 0; i < pieces.Count; i++)
        {
            byte header = (byte)((i == 0 ? 0x80 : 0) | (i == pieces.Count - 1 ? 0x40 : 0) | (nal[0] & 0x1F));
            yield return ([(byte)((nal[0] & 0xE0) | 28), header, .. pieces[i]], i == pieces.Count - 1);
        }
    }

    private static AccessUnitAssembler.AccessUnit Take(AccessUnitAssembler assembler)
    {
        Assert.True(assembler.TryTake(out var unit), "no access unit is complete");
        return unit;
    }

    private void Add(AccessUnitAssembler assembler, uint timestamp, bool marker, byte[] payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | 96);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234);
        payload.CopyTo(packet, 12);
        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        assembler.Add(rtp);
    }
}
