using System.Diagnostics;
using Capture.Core.Frames;
using Capture.Core.Video;

namespace Capture.Drivers.Rtsp;

/// <summary>The access units of a playing RTSP session as frames: the camera's bitstream as MP4 stores it, timed by its RTP clock.</summary>
/// <remarks>
/// The stream is described (<see cref="EncodedVideoStream"/>) from the SDP's parameter sets, or from the first ones
/// in the stream when the SDP has none, and described anew when the camera changes them (a new resolution): sinks
/// then start a new segment. Decode times are the RTP timestamps, unwrapped, counted from the session's first frame;
/// presentation equals decode, since RTP carries only presentation times and a camera that reorders pictures
/// (B-frames) is left to ffmpeg. A damaged access unit (packets lost) comes out as an empty frame, which the camera
/// counts as discarded.
/// </remarks>
internal sealed class RtspFrameSource(RtspClient client, Action<string> unsupported) : IFrameSource, IDisposable
{
    private readonly NalSyntax _syntax = client.Video.Encoding == "H264" ? NalSyntax.H264 : NalSyntax.H265;
    private readonly RtcpReceiverReport _reports = new();
    private readonly Lock _gate = new(); // the camera's thread reads; a close comes from another thread and takes the frames back
    private bool _closed;
    private AccessUnitAssembler? _assembler;
    private EncodedVideoStream? _stream;
    private int _describedVersion;
    private const int ReorderWindow = 100; // frames: three steps back within it make a reordering camera

    private long _frames;
    private long _extended; // the RTP clock unwrapped
    private long _base; // subtracted from it, moved at a discontinuity
    private long _last;
    private long _step = 1;
    private uint _lastTimestamp;
    private int _backSteps;
    private long _lastBackStep;

    /// <inheritdoc />
    public ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    var assembler = Open(pool);
                    while (assembler.TryTake(out var unit))
                    {
                        if (Frame(unit, pool, info) is { } frame)
                        {
                            return ValueTask.FromResult<VideoFrame?>(frame);
                        }
                    }
                }

                client.KeepAliveIfDue();
                if (client.Receive(out int channel, out var packet))
                {
                    lock (_gate)
                    {
                        Packet(channel, packet, Open(pool));
                    }
                }
            }
        }
        catch (EndOfStreamException)
        {
            return ValueTask.FromResult<VideoFrame?>(null);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The read was cancelled.", e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        client.Dispose(); // ends a read in progress
        lock (_gate)
        {
            _closed = true;
            _assembler?.Reset();
        }
    }

    /// <summary>The assembler, made on the first read (the pool comes with it); a closed source reads nothing more.</summary>
    private AccessUnitAssembler Open(FramePool pool)
    {
        if (_closed)
        {
            throw new OperationCanceledException("The RTSP session was closed.");
        }

        if (_assembler is null)
        {
            _assembler = new AccessUnitAssembler(_syntax, pool);
            foreach (var set in SdpParameterSets())
            {
                _assembler.Remember(set);
            }
        }

        return _assembler;
    }

    private void Packet(int channel, ReadOnlySpan<byte> packet, AccessUnitAssembler assembler)
    {
        if (channel == client.RtpChannel)
        {
            if (RtpPacket.TryParse(packet, out var rtp) && rtp.PayloadType == client.Video.PayloadType)
            {
                assembler.Add(rtp);
            }
        }
        else if (channel == client.RtcpChannel)
        {
            var report = _reports.Answer(packet, channel, assembler.HighestSequence, assembler.LostPackets);
            if (!report.IsEmpty)
            {
                client.Send(report);
            }
        }
    }

    /// <summary>The frame of a complete access unit, stamped; null for one that is skipped (empty, or before the stream can be described).</summary>
    private VideoFrame? Frame(AccessUnitAssembler.AccessUnit unit, FramePool pool, VideoFrameInfo info)
    {
        if (unit.Damaged)
        {
            // Empty, sized 0x0: counted as discarded by the camera, never recorded or decoded.
            return pool.Rent(info with { Format = _syntax.Format, Width = 0, Height = 0, HostTimestamp = Stopwatch.GetTimestamp(), UtcTime = DateTime.UtcNow }, 0);
        }

        if (unit.Frame is not { } frame)
        {
            return null;
        }

        if (unit.IsKeyFrame && _assembler!.ParameterSetsVersion != _describedVersion && _assembler.HasParameterSets)
        {
            _stream = Describe(_assembler);
            _describedVersion = _assembler.ParameterSetsVersion;
        }

        if (_stream is not { } stream)
        {
            frame.Dispose(); // nothing can decode it yet
            return null;
        }

        long decodeTime = DecodeTime(unit.Timestamp);
        frame.Reset(
            info with
            {
                Format = stream.Format,
                Width = stream.Width,
                Height = stream.Height,
                Stride = 0,
                DeviceTimestamp = TimeSpan.FromSeconds((double)decodeTime / stream.Timescale),
                Stream = stream,
                IsKeyFrame = unit.IsKeyFrame,
                DecodeTime = decodeTime,
                CompositionOffset = 0,
                HostTimestamp = Stopwatch.GetTimestamp(), // stamped when its last packet arrived: the closest the host gets to the capture
                UtcTime = DateTime.UtcNow,
            },
            frame.Length);
        return frame;
    }

    /// <summary>The stream as its parameter sets describe it; sets this client cannot read leave the camera to ffmpeg.</summary>
    private EncodedVideoStream Describe(AccessUnitAssembler assembler)
    {
        try
        {
            return EncodedVideoStream.FromParameterSets(_syntax.Format, assembler.ParameterSets, client.Video.ClockRate);
        }
        catch (InvalidDataException e)
        {
            string why = $"its parameter sets could not be read ({e.Message})";
            unsupported(why);
            throw new NotSupportedException(why, e);
        }
    }

    /// <summary>The RTP timestamp unwrapped and counted from the first frame, always increasing.</summary>
    /// <remarks>
    /// A time that goes back once is a discontinuity (an encoder restarted, or a shared server rebased its clock for a
    /// new client): the clock is rebased so the frame follows the last one by a frame interval, and a recording goes
    /// on. A camera that reorders pictures (B-frames) goes back every few frames: RTP does not give their decode
    /// order, which only ffmpeg's parser recovers, so the camera is handed to ffmpeg.
    /// </remarks>
    private long DecodeTime(uint timestamp)
    {
        if (_frames++ == 0)
        {
            (_extended, _base, _lastTimestamp) = (timestamp, timestamp, timestamp);
            return 0;
        }

        _extended += (int)(timestamp - _lastTimestamp); // a signed step: wraps of the 32-bit clock vanish
        _lastTimestamp = timestamp;
        long time = _extended - _base;
        if (time > _last)
        {
            _step = time - _last;
            return _last = time;
        }

        _backSteps = _frames - _lastBackStep < ReorderWindow ? _backSteps + 1 : 1;
        _lastBackStep = _frames;
        if (_backSteps >= 3)
        {
            string why = "the camera sends pictures out of presentation order (B-frames), which RTP does not time for decoding";
            unsupported(why);
            throw new NotSupportedException(why);
        }

        long next = _last + _step;
        _base += time - next;
        return _last = next;
    }

    private IEnumerable<byte[]> SdpParameterSets()
    {
        var format = client.Video.Format;
        string[] keys = _syntax == NalSyntax.H264 ? ["sprop-parameter-sets"] : ["sprop-vps", "sprop-sps", "sprop-pps"];
        foreach (string key in keys)
        {
            foreach (string encoded in format.GetValueOrDefault(key, string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                byte[]? set = null;
                try
                {
                    set = Convert.FromBase64String(encoded);
                }
                catch (FormatException)
                {
                    // A malformed SDP value: the parameter sets in the stream will do.
                }

                if (set is not null)
                {
                    yield return set;
                }
            }
        }
    }
}
