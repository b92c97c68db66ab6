namespace Capture.Core.Video.Internal;

/// <summary>Reads the bits of a NAL unit's payload (its RBSP, emulation prevention already removed), as H.264/H.265 parameter sets are written.</summary>
internal ref struct BitReader(ReadOnlySpan<byte> rbsp)
{
    private readonly ReadOnlySpan<byte> _data = rbsp;
    private int _bit;

    /// <summary>Reads <paramref name="count"/> bits (at most 32), most significant first.</summary>
    /// <exception cref="InvalidDataException">The payload ends first.</exception>
    public uint Bits(int count)
    {
        uint value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 1) | Bit();
        }

        return value;
    }

    /// <summary>One bit.</summary>
    public uint Bit()
    {
        int index = _bit >> 3;
        if (index >= _data.Length)
        {
            throw new InvalidDataException("A parameter set ends before its last field.");
        }

        uint bit = (uint)(_data[index] >> (7 - (_bit & 7))) & 1;
        _bit++;
        return bit;
    }

    /// <summary>Skips <paramref name="count"/> bits.</summary>
    public void Skip(int count) => _bit += count;

    /// <summary>An unsigned Exp-Golomb number (<c>ue(v)</c>).</summary>
    public uint Ue()
    {
        int zeros = 0;
        while (Bit() == 0)
        {
            if (++zeros > 31)
            {
                throw new InvalidDataException("A parameter set holds an Exp-Golomb number over 32 bits.");
            }
        }

        return (uint)((1L << zeros) - 1 + Bits(zeros));
    }

    /// <summary>A signed Exp-Golomb number (<c>se(v)</c>).</summary>
    public int Se()
    {
        uint code = Ue();
        return (code & 1) != 0 ? (int)((code + 1) / 2) : -(int)(code / 2);
    }

    /// <summary>A NAL unit's payload without its emulation-prevention bytes (the 3 of every 00 00 03).</summary>
    public static byte[] Rbsp(ReadOnlySpan<byte> nal)
    {
        var rbsp = new byte[nal.Length];
        int length = 0;
        int zeros = 0;
        foreach (byte b in nal)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[length++] = b;
        }

        return rbsp[..length];
    }
}
