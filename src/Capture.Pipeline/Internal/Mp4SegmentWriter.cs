using Capture.Core.Frames;
using Capture.Core.Video;

namespace Capture.Pipeline.Internal;

/// <summary>Writes one fragmented MP4 file of a camera's own bitstream: the stream's initialization segment, then fragments of at most one second.</summary>
/// <remarks>
/// Frames are held by reference (no copy) until their fragment is cut, at a keyframe or when it would pass
/// <c>maxFragment</c>; each sample's duration is the distance to the next decode time, so the file keeps the camera's
/// own timing. Decode times count from the segment's first frame, so every file starts at zero. A fragment is
/// flushed to the file system as soon as it is cut: after a crash the file is good up to its last whole fragment.
/// </remarks>
internal sealed class Mp4SegmentWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly EncodedVideoStream _stream;
    private readonly long _maxFragment;
    private readonly long _origin;
    private readonly List<VideoFrame> _pending = new(64);
    private Mp4Sample[] _samples = new Mp4Sample[64];
    private byte[] _header = new byte[Mp4Fragment.HeaderLength(64)];
    private uint _sequence;
    private int _lastDuration;
    private long _pendingBytes;

    public Mp4SegmentWriter(string path, EncodedVideoStream stream, long originDecodeTime, TimeSpan maxFragment)
    {
        _stream = stream;
        _origin = originDecodeTime;
        _maxFragment = (long)(maxFragment.TotalSeconds * stream.Timescale);
        _lastDuration = Math.Max(1, stream.Timescale / 30);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        _file.Write(stream.InitSegment.Span);
        _file.Flush();
    }

    /// <summary>Frames written or waiting for their fragment.</summary>
    public int Frames { get; private set; }

    /// <summary>Bytes in the file, counting the fragment not yet cut.</summary>
    public long Length => _file.Length + _pendingBytes;

    /// <summary>The decode time of the last frame added, in the stream's ticks.</summary>
    public long LastDecodeTime { get; private set; }

    /// <summary>Stream time from the segment's first frame to a frame decoded at <paramref name="decodeTime"/>.</summary>
    public TimeSpan ElapsedAt(long decodeTime) => TimeSpan.FromSeconds((double)(decodeTime - _origin) / _stream.Timescale);

    /// <summary>Whether adding <paramref name="frame"/> cuts the pending fragment (and so writes to the file).</summary>
    public bool Cuts(VideoFrame frame) =>
        _pending.Count > 0 && (frame.Info.IsKeyFrame || frame.Info.DecodeTime - _pending[0].Info.DecodeTime >= _maxFragment);

    /// <summary>Adds a frame (the writer takes its own reference); cuts the fragment before it when it starts a new one.</summary>
    public void Add(VideoFrame frame)
    {
        if (Cuts(frame))
        {
            Flush(frame.Info.DecodeTime);
        }

        _pending.Add(frame.AddRef());
        _pendingBytes += frame.Length;
        LastDecodeTime = frame.Info.DecodeTime;
        Frames++;
    }

    /// <summary>Writes the pending fragment and closes the file, which is then complete.</summary>
    public void Close()
    {
        Flush(next: null);
        _file.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var frame in _pending)
        {
            frame.Dispose();
        }

        _pending.Clear();
        _file.Dispose();
    }

    private void Flush(long? next)
    {
        int count = _pending.Count;
        if (count == 0)
        {
            return;
        }

        if (_samples.Length < count)
        {
            _samples = new Mp4Sample[count * 2];
            _header = new byte[Mp4Fragment.HeaderLength(count * 2)];
        }

        for (int i = 0; i < count; i++)
        {
            var info = _pending[i].Info;
            long following = i + 1 < count ? _pending[i + 1].Info.DecodeTime : next ?? info.DecodeTime + _lastDuration;
            int duration = (int)Math.Clamp(following - info.DecodeTime, 1, int.MaxValue);
            _lastDuration = duration;
            _samples[i] = new Mp4Sample(_pending[i].Length, duration, info.CompositionOffset, info.IsKeyFrame);
        }

        int length = Mp4Fragment.WriteHeader(_header, ++_sequence, _stream.TrackId, _pending[0].Info.DecodeTime - _origin, _samples.AsSpan(0, count));
        try
        {
            _file.Write(_header, 0, length);
            foreach (var frame in _pending)
            {
                _file.Write(frame.Data);
            }

            _file.Flush();
        }
        finally
        {
            foreach (var frame in _pending)
            {
                frame.Dispose();
            }

            _pending.Clear();
            _pendingBytes = 0;
        }
    }
}
