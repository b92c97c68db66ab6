using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Capture.Drivers.Rtsp;

/// <summary>The receiver's side of RTCP (RFC 3550 §6.4.2): each sender report from the camera is answered with a receiver report, as cameras that judge a client's liveness by RTCP expect.</summary>
/// <remarks>The report is one compound packet, RR with one report block then SDES with a CNAME, built in a buffer kept for the session: nothing is allocated per report.</remarks>
internal sealed class RtcpReceiverReport
{
    private const int SenderReport = 200;
    private const int Length = 4 + 8 + 24 + 8 + 12; // interleaved header, RR header, report block, SDES header, CNAME item and end

    private readonly byte[] _packet = new byte[Length];
    private readonly uint _ssrc = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));

    /// <summary>When <paramref name="rtcp"/> holds a sender report, the receiver report answering it on <paramref name="channel"/> (interleaved framing included); otherwise empty.</summary>
    /// <param name="rtcp">A compound RTCP packet from the camera.</param>
    /// <param name="channel">The interleaved channel of the stream's RTCP.</param>
    /// <param name="highestSequence">The highest RTP sequence number received so far, extended by its wrap count.</param>
    /// <param name="lost">Packets lost so far.</param>
    public ReadOnlySpan<byte> Answer(ReadOnlySpan<byte> rtcp, int channel, uint highestSequence, int lost)
    {
        while (rtcp.Length >= 8)
        {
            int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(rtcp[2..]) + 1);
            if (length > rtcp.Length)
            {
                break;
            }

            if (rtcp[1] == SenderReport && length >= 28)
            {
                return Report(channel, source: BinaryPrimitives.ReadUInt32BigEndian(rtcp[4..]), lastSenderReport: BinaryPrimitives.ReadUInt32BigEndian(rtcp[10..]), highestSequence, lost);
            }

            rtcp = rtcp[length..];
        }

        return [];
    }

    private byte[] Report(int channel, uint source, uint lastSenderReport, uint highestSequence, int lost)
    {
        var p = _packet.AsSpan();
        p[0] = (byte)'$';
        p[1] = (byte)channel;
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], Length - 4);
        p = p[4..];
        p[0] = 0x81; // version 2, one report block
        p[1] = 201; // RR
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], 7);
        BinaryPrimitives.WriteUInt32BigEndian(p[4..], _ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(p[8..], source);
        BinaryPrimitives.WriteUInt32BigEndian(p[12..], (uint)Math.Clamp(lost, 0, 0x7FFFFF)); // fraction lost 0, cumulative lost
        BinaryPrimitives.WriteUInt32BigEndian(p[16..], highestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(p[20..], 0); // jitter: not estimated
        BinaryPrimitives.WriteUInt32BigEndian(p[24..], lastSenderReport); // the middle 32 bits of its NTP time
        BinaryPrimitives.WriteUInt32BigEndian(p[28..], 0); // answered at once
        p = p[32..];
        p[0] = 0x81; // version 2, one chunk
        p[1] = 202; // SDES
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(p[4..], _ssrc);
        p[8] = 1; // CNAME
        p[9] = 7;
        "capture"u8.CopyTo(p[10..]);
        p[17] = 0; // end of items
        p[18] = 0; // padding to 32 bits
        p[19] = 0;
        return _packet;
    }
}
