using System.Buffers.Binary;

namespace Capture.Drivers.Rtsp;

/// <summary>An RTP packet's fixed header and payload (RFC 3550 §5.1), read in place.</summary>
internal readonly ref struct RtpPacket
{
    private RtpPacket(bool marker, int payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        Marker = marker;
        PayloadType = payloadType;
        Sequence = sequence;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    /// <summary>The marker bit: for video, the last packet of an access unit.</summary>
    public bool Marker { get; }

    public int PayloadType { get; }

    public ushort Sequence { get; }

    /// <summary>The sampling instant, in ticks of the payload format's clock (for video, the presentation time).</summary>
    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>The payload, without CSRCs, header extension or padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Reads a packet; false when it is not RTP version 2 or its lengths do not fit.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp)
    {
        rtp = default;
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return false;
        }

        int start = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < start + 4)
            {
                return false;
            }

            start += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(start + 2)..]));
        }

        int end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            end -= packet[^1];
        }

        if (start > end)
        {
            return false;
        }

        rtp = new RtpPacket((packet[1] & 0x80) != 0, packet[1] & 0x7F, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]), BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), packet[start..end]);
        return true;
    }
}
