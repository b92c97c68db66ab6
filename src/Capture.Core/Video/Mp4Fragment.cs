using System.Buffers.Binary;

namespace Capture.Core.Video;

/// <summary>Writes the <c>moof</c> box and <c>mdat</c> header of one movie fragment; the samples' bytes follow as they are.</summary>
/// <remarks>
/// The layout is the one browsers' Media Source Extensions and ffmpeg read: one track fragment whose offsets count
/// from the <c>moof</c> (<c>default-base-is-moof</c>), a decode time in <c>tfdt</c>, and one <c>trun</c> with every
/// sample's duration, size, flags and signed composition offset. A fragment is complete on disk once its last sample
/// byte is written, which makes it the recovery point of a recording cut short.
/// </remarks>
public static class Mp4Fragment
{
    private const int FixedLength = 8 + 16 + 8 + 16 + 20 + 20 + Mp4Boxes.HeaderLength; // moof, mfhd, traf, tfhd, tfdt, trun head, mdat header
    private const int SampleLength = 16;
    private const uint SyncSample = 0x02000000;      // sample_depends_on = 2 (depends on no other)
    private const uint NonSyncSample = 0x01010000;   // depends on others, sample_is_non_sync_sample

    /// <summary>The bytes <see cref="WriteHeader"/> writes for <paramref name="samples"/> samples (the <c>moof</c> and the <c>mdat</c> header).</summary>
    public static int HeaderLength(int samples) => FixedLength + (SampleLength * samples);

    /// <summary>Writes the fragment's <c>moof</c> and <c>mdat</c> header; the caller then writes the samples' bytes in order.</summary>
    /// <param name="destination">At least <see cref="HeaderLength"/> bytes.</param>
    /// <param name="sequence">The fragment's sequence number, from 1.</param>
    /// <param name="trackId">The track of the initialization segment.</param>
    /// <param name="baseDecodeTime">The first sample's decode time, in the track's timescale.</param>
    /// <param name="samples">The samples, in decode order.</param>
    /// <returns>The bytes written.</returns>
    public static int WriteHeader(Span<byte> destination, uint sequence, uint trackId, long baseDecodeTime, ReadOnlySpan<Mp4Sample> samples)
    {
        int moofLength = HeaderLength(samples.Length) - Mp4Boxes.HeaderLength;
        long data = 0;
        foreach (var sample in samples)
        {
            data += sample.Size;
        }

        var at = Mp4Boxes.WriteHeader(destination, moofLength, "moof");
        at = Mp4Boxes.WriteFullHeader(at, 16, "mfhd", 0, 0);
        BinaryPrimitives.WriteUInt32BigEndian(at, sequence);
        at = Mp4Boxes.WriteHeader(at[4..], moofLength - 8 - 16, "traf");
        at = Mp4Boxes.WriteFullHeader(at, 16, "tfhd", 0, 0x020000); // default-base-is-moof
        BinaryPrimitives.WriteUInt32BigEndian(at, trackId);
        at = Mp4Boxes.WriteFullHeader(at[4..], 20, "tfdt", 1, 0);
        BinaryPrimitives.WriteInt64BigEndian(at, Math.Max(0, baseDecodeTime));
        // trun: data offset, and per sample duration, size, flags and composition offset (version 1: signed).
        at = Mp4Boxes.WriteFullHeader(at[8..], 20 + (SampleLength * samples.Length), "trun", 1, 0x000F01);
        BinaryPrimitives.WriteInt32BigEndian(at, samples.Length);
        BinaryPrimitives.WriteInt32BigEndian(at[4..], moofLength + Mp4Boxes.HeaderLength);
        at = at[8..];
        foreach (var sample in samples)
        {
            BinaryPrimitives.WriteInt32BigEndian(at, sample.Duration);
            BinaryPrimitives.WriteInt32BigEndian(at[4..], sample.Size);
            BinaryPrimitives.WriteUInt32BigEndian(at[8..], sample.IsKeyFrame ? SyncSample : NonSyncSample);
            BinaryPrimitives.WriteInt32BigEndian(at[12..], sample.CompositionOffset);
            at = at[SampleLength..];
        }

        Mp4Boxes.WriteHeader(at, checked((int)(data + Mp4Boxes.HeaderLength)), "mdat");
        return HeaderLength(samples.Length);
    }
}
