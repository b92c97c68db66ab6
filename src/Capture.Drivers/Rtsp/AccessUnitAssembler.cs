using System.Buffers.Binary;
using Capture.Core.Frames;

namespace Capture.Drivers.Rtsp;

/// <summary>Turns the RTP packets of an H.264 or H.265 stream into access units, each written once into a pooled frame as MP4 stores samples: every NAL unit behind a 4-byte length.</summary>
/// <remarks>
/// Payloads are single NAL units, aggregation packets (STAP-A, AP) or fragmentation units (FU-A, FU), per
/// <see cref="NalSyntax"/>. An access unit ends at a packet with the marker bit, or where the timestamp changes. A gap
/// in sequence numbers damages the access unit it falls in: it is handed on as damaged (to be counted and dropped),
/// never as a picture with a hole. Parameter sets are kept as they pass, so the stream can be described when the SDP
/// did not carry them, and described anew when they change.
/// </remarks>
internal sealed class AccessUnitAssembler(NalSyntax syntax, FramePool pool)
{
    /// <summary>The largest access unit kept (an 8K keyframe is a few MB): past it, a camera that never ends one cannot exhaust memory.</summary>
    public const int MaxLength = 32 << 20;

    private readonly Queue<AccessUnit> _ready = new(2);
    private readonly byte[]?[] _parameterSets = new byte[]?[syntax.LastParameterSet - syntax.FirstParameterSet + 1];
    private VideoFrame? _frame;
    private int _length;
    private uint _timestamp;
    private bool _key;
    private bool _damaged;
    private int _fragment = -1; // where the length of the NAL unit being reassembled from fragments goes; -1: none
    private int _expected = -1; // the next sequence number; -1: none yet
    private int _capacity = 16 * 1024; // the largest whole access unit so far: what a new one is given room for

    /// <summary>One access unit: its frame (length set, metadata still to fill), its RTP timestamp, and whether decoding can start at it.</summary>
    /// <param name="Frame">The frame, or null when <paramref name="Damaged"/> or empty.</param>
    /// <param name="Timestamp">Its RTP timestamp.</param>
    /// <param name="IsKeyFrame">Whether it holds a random-access picture.</param>
    /// <param name="Damaged">Whether packets of it were lost.</param>
    public readonly record struct AccessUnit(VideoFrame? Frame, uint Timestamp, bool IsKeyFrame, bool Damaged);

    /// <summary>Packets lost so far (gaps in sequence numbers).</summary>
    public int LostPackets { get; private set; }

    /// <summary>The highest sequence number received, extended by its wrap count (as an RTCP report gives it).</summary>
    public uint HighestSequence { get; private set; }

    /// <summary>Counts changes of the parameter sets (from 0: none yet).</summary>
    public int ParameterSetsVersion { get; private set; }

    /// <summary>The latest parameter set of each type that has arrived.</summary>
    public IReadOnlyList<byte[]> ParameterSets => [.. _parameterSets.OfType<byte[]>()];

    /// <summary>Whether a parameter set of every type has arrived.</summary>
    public bool HasParameterSets => Array.TrueForAll(_parameterSets, set => set is not null);

    /// <summary>Adds one packet of the stream.</summary>
    public void Add(in RtpPacket packet)
    {
        bool lost = _expected >= 0 && packet.Sequence != _expected;
        if (lost && (ushort)(packet.Sequence - _expected) > 0x8000)
        {
            return; // a duplicate or a late packet: TCP delivers neither, a relaying server might
        }

        if (lost)
        {
            LostPackets += (ushort)(packet.Sequence - _expected);
        }

        HighestSequence = _expected < 0 ? packet.Sequence : HighestSequence + (ushort)(packet.Sequence - (ushort)HighestSequence);
        _expected = (ushort)(packet.Sequence + 1);
        if (_frame is not null && packet.Timestamp != _timestamp)
        {
            _damaged |= lost; // it lost at least its last packet
            Complete(); // ended without a marker
        }

        if (lost)
        {
            _damaged = true; // this one may have lost its first packets, or pieces of its middle
            _fragment = -1;
        }

        if (_frame is null)
        {
            _frame = pool.Rent(default, _capacity);
            _length = 0;
            _timestamp = packet.Timestamp;
            _key = false;
        }

        Payload(packet.Payload);
        if (packet.Marker)
        {
            Complete();
        }
    }

    /// <summary>The next complete access unit, if any.</summary>
    public bool TryTake(out AccessUnit unit) => _ready.TryDequeue(out unit);

    /// <summary>Keeps a parameter set (from the SDP, or as it passes in the stream).</summary>
    public void Remember(ReadOnlySpan<byte> nal)
    {
        int type = nal.IsEmpty ? -1 : syntax.Type(nal[0]);
        if (!syntax.IsParameterSet(type) || nal.Length <= syntax.HeaderLength)
        {
            return;
        }

        ref var kept = ref _parameterSets[type - syntax.FirstParameterSet];
        if (kept is null || !nal.SequenceEqual(kept))
        {
            kept = nal.ToArray();
            ParameterSetsVersion++;
        }
    }

    /// <summary>Drops the access unit in progress and whatever is ready (the stream is closing).</summary>
    public void Reset()
    {
        _frame?.Dispose();
        _frame = null;
        while (_ready.TryDequeue(out var unit))
        {
            unit.Frame?.Dispose();
        }
    }

    private void Payload(ReadOnlySpan<byte> payload)
    {
        if (payload.Length <= syntax.HeaderLength)
        {
            return;
        }

        int type = syntax.Type(payload[0]);
        if (type == syntax.Fragmentation)
        {
            Fragment(payload);
        }
        else if (type == syntax.Aggregation)
        {
            var units = payload[syntax.HeaderLength..];
            while (units.Length >= 2)
            {
                int size = BinaryPrimitives.ReadUInt16BigEndian(units);
                if (size == 0 || size > units.Length - 2)
                {
                    _damaged = true;
                    return;
                }

                Nal(units.Slice(2, size));
                units = units[(2 + size)..];
            }
        }
        else if (syntax.IsSingle(type))
        {
            Nal(payload);
        }

        // Other payload types (H.264's interleaved-mode packets, H.265's PACI) carry nothing this client plays.
    }

    private void Nal(ReadOnlySpan<byte> nal)
    {
        if (_fragment >= 0)
        {
            _damaged = true; // a fragmented unit never got its end
            _fragment = -1;
        }

        var destination = Reserve(4 + nal.Length);
        BinaryPrimitives.WriteInt32BigEndian(destination, nal.Length);
        nal.CopyTo(destination[4..]);
        Seen(nal);
    }

    private void Fragment(ReadOnlySpan<byte> payload)
    {
        int header = syntax.HeaderLength;
        byte fu = payload[header];
        bool start = (fu & 0x80) != 0;
        bool end = (fu & 0x40) != 0;
        var data = payload[(header + 1)..];
        if (start)
        {
            if (_fragment >= 0)
            {
                _damaged = true;
            }

            _fragment = _length;
            var destination = Reserve(4 + header);
            destination[4] = syntax.WithType(payload[0], fu & syntax.TypeMask);
            payload[1..header].CopyTo(destination[5..]);
        }
        else if (_fragment < 0)
        {
            _damaged = true; // its start was lost
            return;
        }

        data.CopyTo(Reserve(data.Length));
        if (end)
        {
            var written = _frame!.GetWritableSpan()[_fragment.._length];
            BinaryPrimitives.WriteInt32BigEndian(written, written.Length - 4);
            _fragment = -1;
            Seen(written[4..]);
        }
    }

    /// <summary>Notes what a complete NAL unit means for its access unit and the stream.</summary>
    private void Seen(ReadOnlySpan<byte> nal)
    {
        int type = syntax.Type(nal[0]);
        _key |= syntax.IsRandomAccess(type);
        if (syntax.IsParameterSet(type))
        {
            Remember(nal);
        }
    }

    /// <summary>The next <paramref name="count"/> bytes of the access unit, growing its frame when needed (only until frames are given room for the stream's largest).</summary>
    private Span<byte> Reserve(int count)
    {
        var frame = _frame!;
        if (_length + count > MaxLength)
        {
            _damaged = true;
            _fragment = -1;
            _length = 0; // what was gathered is dropped; the rest of the unit is written over it and dropped too
        }

        if (_length + count > frame.Length)
        {
            var larger = pool.Rent(default, Math.Max(2 * frame.Length, _length + count));
            frame.Data[.._length].CopyTo(larger.GetWritableSpan());
            frame.Dispose();
            _frame = frame = larger;
        }

        var span = frame.GetWritableSpan().Slice(_length, count);
        _length += count;
        return span;
    }

    private void Complete()
    {
        var frame = _frame!;
        _frame = null;
        if (_fragment >= 0)
        {
            _damaged = true;
            _fragment = -1;
        }

        if (_damaged || _length == 0)
        {
            frame.Dispose(); // an empty one (packets of a kind not played) is not damage
            _ready.Enqueue(new AccessUnit(null, _timestamp, false, _damaged));
        }
        else
        {
            frame.Reset(frame.Info, _length);
            _capacity = Math.Max(_capacity, _length);
            _ready.Enqueue(new AccessUnit(frame, _timestamp, _key, false));
        }

        _damaged = false;
    }
}
