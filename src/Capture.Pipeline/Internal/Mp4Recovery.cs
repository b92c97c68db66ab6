using System.Buffers.Binary;

namespace Capture.Pipeline.Internal;

/// <summary>Recovers a fragmented MP4 file cut short by a crash: keeps it up to its last complete fragment.</summary>
internal static class Mp4Recovery
{
    /// <summary>Truncates <paramref name="path"/> after its last whole <c>moof</c>+<c>mdat</c> pair.</summary>
    /// <returns>The fragments kept; 0 when the file holds none (not even an initialization segment and one fragment).</returns>
    public static int Truncate(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Span<byte> header = stackalloc byte[16];
        long at = 0, good = 0;
        int fragments = 0;
        bool sawMoov = false, inFragment = false;
        while (at + 8 <= file.Length)
        {
            file.Position = at;
            file.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            string type = System.Text.Encoding.ASCII.GetString(header.Slice(4, 4));
            if (size == 1)
            {
                if (at + 16 > file.Length)
                {
                    break;
                }

                file.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
            }

            if (size < 8 || at + size > file.Length)
            {
                break; // the box the crash cut off
            }

            at += size;
            switch (type)
            {
                case "moov":
                    sawMoov = true;
                    good = at;
                    break;
                case "moof":
                    inFragment = true;
                    break;
                case "mdat" when inFragment && sawMoov:
                    inFragment = false;
                    fragments++;
                    good = at;
                    break;
                default:
                    break;
            }
        }

        file.SetLength(fragments > 0 ? good : 0);
        return fragments;
    }
}
