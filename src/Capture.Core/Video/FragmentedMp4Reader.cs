using System.Buffers.Binary;
using System.Diagnostics;
using Capture.Core.Frames;

namespace Capture.Core.Video;

/// <summary>Reads a fragmented MP4 stream (ffmpeg's <c>-f mp4 -movflags frag_every_frame+empty_moov</c>) as it arrives: the initialization segment, then one pooled frame per sample.</summary>
/// <remarks>
/// Each sample's bytes are read straight from the stream into its pooled frame (the one copy a frame gets); box
/// headers go through a small reused buffer, so steady-state reading allocates nothing per frame. Samples keep their
/// MP4 form (length-prefixed NAL units), which is what recordings and Media Source Extensions store.
/// </remarks>
public sealed class FragmentedMp4Reader(Stream stream)
{
    private static readonly uint s_ftyp = Mp4Boxes.Type("ftyp");
    private static readonly uint s_moov = Mp4Boxes.Type("moov");
    private static readonly uint s_moof = Mp4Boxes.Type("moof");
    private static readonly uint s_mdat = Mp4Boxes.Type("mdat");
    private static readonly uint s_trun = Mp4Boxes.Type("trun");

    private readonly byte[] _header = new byte[16];
    private byte[] _box = new byte[1024];
    private (Mp4Sample Sample, long DecodeTime)[] _samples = new (Mp4Sample, long)[8];
    private int _count;
    private int _next;
    private long _mdatLeft = -1; // -1: not inside the mdat of the current fragment
    private long _skipBeforeSamples;

    /// <summary>The stream described by the initialization segment, once <see cref="ReadInitAsync"/> has read it.</summary>
    public EncodedVideoStream? Stream { get; private set; }

    /// <summary>Reads up to the end of the <c>moov</c> box and describes the stream.</summary>
    /// <exception cref="EndOfStreamException">The stream ended first.</exception>
    /// <exception cref="InvalidDataException">Not a fragmented MP4 stream of H.264, H.265 or raw video.</exception>
    public async ValueTask<EncodedVideoStream> ReadInitAsync(CancellationToken cancellationToken)
    {
        byte[] ftyp = [];
        while (true)
        {
            var (type, header, size) = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EndOfStreamException("The stream ended before its MP4 initialization segment.");
            if (type != s_ftyp && type != s_moov)
            {
                await SkipAsync(size - header, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var box = new byte[checked((int)size)];
            _header.AsSpan(0, header).CopyTo(box);
            await stream.ReadExactlyAsync(box.AsMemory(header), cancellationToken).ConfigureAwait(false);
            if (type == s_ftyp)
            {
                ftyp = box;
                continue;
            }

            Stream = EncodedVideoStream.Parse((byte[])[.. ftyp, .. box]);
            return Stream;
        }
    }

    /// <summary>Reads the next sample into a frame from <paramref name="pool"/>, stamped on arrival; null at the end of the stream.</summary>
    /// <param name="pool">Where the frame comes from.</param>
    /// <param name="info">The camera id and sequence; format, size and timestamps are filled in.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<VideoFrame?> ReadFrameAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var described = Stream ?? throw new InvalidOperationException("Read the initialization segment first.");
        while (_next >= _count || _mdatLeft < 0)
        {
            if (await ReadHeaderAsync(cancellationToken).ConfigureAwait(false) is not var (type, header, size))
            {
                return null;
            }

            if (type == s_moof)
            {
                await ReadMoofAsync(header, size, described.TrackId, cancellationToken).ConfigureAwait(false);
                _mdatLeft = -1;
            }
            else if (type == s_mdat && _next < _count)
            {
                _mdatLeft = size - header;
                await SkipAsync(_skipBeforeSamples, cancellationToken).ConfigureAwait(false);
                _mdatLeft -= _skipBeforeSamples;
            }
            else
            {
                await SkipAsync(size - header, cancellationToken).ConfigureAwait(false);
            }
        }

        var (sample, decodeTime) = _samples[_next++];
        if (sample.Size > _mdatLeft)
        {
            throw new InvalidDataException($"An MP4 sample of {sample.Size} bytes overruns its mdat ({_mdatLeft} bytes left).");
        }

        var frameInfo = info with
        {
            Format = described.Format,
            Width = described.Width,
            Height = described.Height,
            Stride = described.Format == VideoPixelFormat.Bgra32 ? described.Width * 4 : 0,
            DeviceTimestamp = TimeSpan.FromSeconds((double)(decodeTime + sample.CompositionOffset) / described.Timescale),
            HostTimestamp = 0,
            Stream = described,
            IsKeyFrame = sample.IsKeyFrame,
            DecodeTime = decodeTime,
            CompositionOffset = sample.CompositionOffset,
        };
        var frame = pool.Rent(frameInfo, sample.Size);
        try
        {
            await stream.ReadExactlyAsync(frame.GetWritableMemory(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            frame.Dispose();
            throw;
        }

        _mdatLeft -= sample.Size;
        if (_next >= _count)
        {
            await SkipAsync(_mdatLeft, cancellationToken).ConfigureAwait(false);
            _mdatLeft = -1;
        }

        // Stamped when the last byte arrived: the closest the host gets to the capture of a network frame.
        frame.Reset(frameInfo with { HostTimestamp = Stopwatch.GetTimestamp(), UtcTime = DateTime.UtcNow }, sample.Size);
        return frame;
    }

    private async ValueTask<(uint Type, int Header, long Size)?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        int read = await stream.ReadAtLeastAsync(_header.AsMemory(0, 8), 8, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < 8)
        {
            throw new EndOfStreamException("The MP4 stream ended inside a box header.");
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(_header);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        int header = 8;
        if (size == 1)
        {
            await stream.ReadExactlyAsync(_header.AsMemory(8, 8), cancellationToken).ConfigureAwait(false);
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(8));
            header = 16;
        }

        if (size < header)
        {
            throw new InvalidDataException($"MP4 box '{Mp4Boxes.Text(type)}' has an invalid size {size}.");
        }

        return (type, header, size);
    }

    private async ValueTask ReadMoofAsync(int header, long size, uint trackId, CancellationToken cancellationToken)
    {
        int body = checked((int)(size - header));
        if (_box.Length < body)
        {
            _box = new byte[Math.Max(body, _box.Length * 2)];
        }

        await stream.ReadExactlyAsync(_box.AsMemory(0, body), cancellationToken).ConfigureAwait(false);
        ParseMoof(_box.AsSpan(0, body), size, trackId);
    }

    /// <summary>Reads the sample table of the track's fragment: defaults from tfhd, the decode time from tfdt, samples from each trun.</summary>
    private void ParseMoof(ReadOnlySpan<byte> moof, long moofSize, uint trackId)
    {
        _count = 0;
        _next = 0;
        var traf = Mp4Boxes.Child(moof, Mp4Boxes.Type("traf"));
        var tfhd = Mp4Boxes.Child(traf, Mp4Boxes.Type("tfhd"));
        if (tfhd.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(tfhd[4..]) != trackId)
        {
            return;
        }

        uint flags = BinaryPrimitives.ReadUInt32BigEndian(tfhd) & 0xFFFFFF;
        int at = 8;
        at += (flags & 0x01) != 0 ? 8 : 0;  // base data offset
        at += (flags & 0x02) != 0 ? 4 : 0;  // sample description index
        int defaultDuration = (flags & 0x08) != 0 ? ReadInt(tfhd, ref at) : 0;
        int defaultSize = (flags & 0x10) != 0 ? ReadInt(tfhd, ref at) : 0;
        uint defaultFlags = (flags & 0x20) != 0 ? (uint)ReadInt(tfhd, ref at) : 0;

        var tfdt = Mp4Boxes.Child(traf, Mp4Boxes.Type("tfdt"));
        long decodeTime = tfdt.Length >= 8 ? (tfdt[0] == 1 && tfdt.Length >= 12 ? BinaryPrimitives.ReadInt64BigEndian(tfdt[4..]) : BinaryPrimitives.ReadUInt32BigEndian(tfdt[4..])) : 0;

        bool first = true;
        int run = 0;
        while (Mp4Boxes.Next(traf, ref run, out uint type, out var trun))
        {
            if (type == s_trun)
            {
                decodeTime = ReadRun(trun, moofSize, first, decodeTime, defaultDuration, defaultSize, defaultFlags);
                first = false;
            }
        }
    }

    private long ReadRun(ReadOnlySpan<byte> trun, long moofSize, bool first, long decodeTime, int defaultDuration, int defaultSize, uint defaultFlags)
    {
        bool signed = trun[0] == 1;
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(trun) & 0xFFFFFF;
        int count = BinaryPrimitives.ReadInt32BigEndian(trun[4..]);
        int at = 8;
        if ((flags & 0x01) != 0)
        {
            int dataOffset = ReadInt(trun, ref at);
            if (first)
            {
                _skipBeforeSamples = Math.Max(0, dataOffset - (moofSize + 8));
            }
        }
        else if (first)
        {
            _skipBeforeSamples = 0;
        }

        uint firstFlags = (flags & 0x04) != 0 ? (uint)ReadInt(trun, ref at) : defaultFlags;
        if (_samples.Length < _count + count)
        {
            Array.Resize(ref _samples, Math.Max(_count + count, _samples.Length * 2));
        }

        for (int i = 0; i < count && at <= trun.Length; i++)
        {
            int duration = (flags & 0x100) != 0 ? ReadInt(trun, ref at) : defaultDuration;
            int size = (flags & 0x200) != 0 ? ReadInt(trun, ref at) : defaultSize;
            uint sampleFlags = (flags & 0x400) != 0 ? (uint)ReadInt(trun, ref at) : (i == 0 ? firstFlags : defaultFlags);
            int composition = (flags & 0x800) != 0 ? ReadInt(trun, ref at) : 0;
            if (!signed && composition < 0)
            {
                composition = int.MaxValue; // an unsigned offset beyond int: absurd, but never negative
            }

            bool key = (sampleFlags & 0x00010000) == 0 && ((sampleFlags >> 24) & 0x3) != 1;
            _samples[_count++] = (new Mp4Sample(size, duration, composition, key), decodeTime);
            decodeTime += duration;
        }

        return decodeTime;
    }

    private static int ReadInt(ReadOnlySpan<byte> box, ref int at)
    {
        if (at + 4 > box.Length)
        {
            throw new InvalidDataException("An MP4 fragment header is truncated.");
        }

        int value = BinaryPrimitives.ReadInt32BigEndian(box[at..]);
        at += 4;
        return value;
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            int chunk = (int)Math.Min(count, _box.Length);
            await stream.ReadExactlyAsync(_box.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
            count -= chunk;
        }
    }
}
