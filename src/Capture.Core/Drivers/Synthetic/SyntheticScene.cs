using System.Globalization;
using System.Runtime.InteropServices;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Core.Drivers.Synthetic;

/// <summary>Renders the synthetic camera's deterministic test pattern into BGRA pixels, with every control visible.</summary>
/// <remarks>
/// Colour bars over a moving gradient with a moving white box, seen through the lens: zoom crops and scales,
/// pan/tilt move the view, exposure, ISO, brightness, contrast, saturation and colour temperature change the pixels,
/// torch and flash brighten, and focus away from the 1.5 m subject blurs. The frame number and time are burned in.
/// The pattern is constant down each band, so a frame costs two computed rows plus row copies: cheap at 1080p60.
/// </remarks>
internal sealed class SyntheticScene
{
    private const double SubjectDistance = 1.5;

    private static readonly uint[] s_bars =
    [
        0xFFC0C0C0, 0xFFC0C000, 0xFF00C0C0, 0xFF00C000, 0xFFC000C0, 0xFFC00000, 0xFF0000C0, 0xFF101010,
    ];

    private readonly byte[] _lutR = new byte[256];
    private readonly byte[] _lutG = new byte[256];
    private readonly byte[] _lutB = new byte[256];
    private uint[] _barRow = [];
    private uint[] _gradientRow = [];
    private uint[] _scratch = [];
    private double _zoom = 1;
    private double _panOffset;
    private double _tiltOffset;
    private double _saturation = 1;
    private int _blurRadius;
    private double _frameRate = 30;
    private uint _noiseState = 2463534242;

    /// <summary>The still view, noise and scripted object, if any.</summary>
    public SyntheticSceneScript Script { get; set; } = SyntheticSceneScript.Pattern;

    /// <summary>Takes the controls from the settings, each read against its capability range; called when they change, never per frame.</summary>
    public void Configure(MediaTrackSettings settings, MediaTrackCapabilities capabilities, double extraLight = 1)
    {
        _zoom = settings.Zoom ?? 1;
        _frameRate = settings.FrameRate is > 0 and var rate ? rate : 30;
        _panOffset = (settings.Pan ?? 0) / 648000.0 * 0.5;
        _tiltOffset = -(settings.Tilt ?? 0) / 648000.0 * 0.5;
        _saturation = 1 + Normalized(settings.Saturation, capabilities.Saturation);
        bool manualFocus = settings.FocusMode == "manual";
        double defocus = manualFocus ? Math.Abs((1 / Math.Max(settings.FocusDistance ?? SubjectDistance, 0.01)) - (1 / SubjectDistance)) : 0;
        _blurRadius = (int)Math.Min(24, defocus * 12);

        double gain = extraLight * (settings.Torch == true ? 1.6 : 1);
        gain *= settings.ExposureMode == "manual"
            ? (settings.ExposureTime ?? 333) / 333.0 * (settings.Iso ?? 400) / 400.0
            : Math.Pow(2, settings.ExposureCompensation ?? 0);
        double contrast = 1 + (0.9 * Normalized(settings.Contrast, capabilities.Contrast));
        double brightness = 96 * Normalized(settings.Brightness, capabilities.Brightness);
        double warm = settings.WhiteBalanceMode == "manual" ? ((settings.ColorTemperature ?? 5500) - 5500) / 5000.0 : 0;
        for (int i = 0; i < 256; i++)
        {
            _lutR[i] = Level(i * gain * (1 + warm), contrast, brightness);
            _lutG[i] = Level(i * gain, contrast, brightness);
            _lutB[i] = Level(i * gain * (1 - warm), contrast, brightness);
        }
    }

    /// <summary>Draws frame <paramref name="frameNumber"/> at <paramref name="time"/> into <paramref name="destination"/>.</summary>
    public void Render(Span<byte> destination, int width, int height, int stride, long frameNumber, DateTime time)
    {
        EnsureRows(width);
        var script = Script;
        double phase = script.Still ? 0 : frameNumber / 30.0;
        FillRow(_barRow, width, phase, gradient: false);
        FillRow(_gradientRow, width, phase, gradient: true);

        int boxSize = Math.Max(2, (int)(height * 0.12 * _zoom));
        double boxU = 0.1 + (0.8 * (0.5 + (0.5 * Math.Sin(phase))));
        int boxX = ToScreenX(boxU, width) - (boxSize / 2);
        int boxY = ToScreenY(0.45, height) - (boxSize / 2);
        for (int y = 0; y < height; y++)
        {
            double v = ((((double)y / height) - 0.5) / _zoom) + 0.5 + _tiltOffset;
            var row = MemoryMarshal.Cast<byte, uint>(destination.Slice(y * stride, width * 4));
            if (v < 0 || v >= 1)
            {
                row.Fill(0xFF202020);
                continue;
            }

            (v < 0.66 ? _barRow : _gradientRow).AsSpan(0, width).CopyTo(row);
            if (y >= boxY && y < boxY + boxSize)
            {
                int from = Math.Clamp(boxX, 0, width);
                int to = Math.Clamp(boxX + boxSize, 0, width);
                row[from..to].Fill(Adjust(0xFFF0F0F0));
            }
        }

        if (script.ObjectPosition(TimeSpan.FromSeconds(frameNumber / _frameRate)) is { } across)
        {
            DrawObject(destination, width, height, stride, across, script.ObjectSize);
        }

        if (script.Noise > 0)
        {
            AddNoise(destination, width, height, stride, script.Noise);
        }

        // Formatted on the stack: the burned-in text must not allocate per frame.
        Span<char> text = stackalloc char[32];
        frameNumber.TryFormat(text, out int written, "D8", CultureInfo.InvariantCulture);
        text[written++] = ' ';
        time.TryFormat(text[written..], out int timeLength, "HH:mm:ss.fff", CultureInfo.InvariantCulture);
        DigitFont.Draw(destination, width, height, stride, text[..(written + timeLength)]);
    }

    /// <summary>A square <paramref name="across"/> of the way over the view, in the middle of its height: white above, black below, so part of it stands out from any bar.</summary>
    private static void DrawObject(Span<byte> destination, int width, int height, int stride, double across, double size)
    {
        int side = Math.Max(2, (int)(height * size));
        int left = (int)((across * (width + side)) - side);
        int from = Math.Clamp(left, 0, width), to = Math.Clamp(left + side, 0, width);
        int top = (height - side) / 2;
        for (int y = top; y < top + side; y++)
        {
            MemoryMarshal.Cast<byte, uint>(destination.Slice(y * stride, width * 4))[from..to].Fill(y < top + (side / 2) ? 0xFFF0F0F0 : 0xFF101010);
        }
    }

    /// <summary>Adds up to ±<paramref name="amplitude"/> levels to each colour of each pixel (xorshift: cheap, no allocation).</summary>
    private void AddNoise(Span<byte> destination, int width, int height, int stride, int amplitude)
    {
        uint state = _noiseState;
        int span = (2 * amplitude) + 1;
        for (int y = 0; y < height; y++)
        {
            var row = destination.Slice(y * stride, width * 4);
            for (int x = 0; x < row.Length; x++)
            {
                if ((x & 3) == 3)
                {
                    continue; // alpha
                }

                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                row[x] = (byte)Math.Clamp(row[x] + (int)(state % (uint)span) - amplitude, 0, 255);
            }
        }

        _noiseState = state;
    }

    /// <summary>Renders one still into a new BGRA buffer and encodes it.</summary>
    public Photo TakePhoto(int width, int height, long frameNumber, DateTime time, IImageEncoder encoder)
    {
        int stride = width * 4;
        var pixels = new byte[stride * height];
        Render(pixels, width, height, stride, frameNumber, time);
        var output = new System.Buffers.ArrayBufferWriter<byte>(pixels.Length / 8);
        encoder.Encode(new ImageView(pixels, width, height, stride, Frames.VideoPixelFormat.Bgra32), 90, output);
        return new Photo(output.WrittenMemory, encoder.MimeType, time);
    }

    /// <summary>Where a control sits in its range: -1 at the minimum, 0 in the middle (neutral), 1 at the maximum.</summary>
    private static double Normalized(double? value, MediaSettingsRange? range) =>
        value is { } v && range is { Min: { } min, Max: { } max } && max > min ? Math.Clamp(((2 * (v - min)) / (max - min)) - 1, -1, 1) : 0;

    private static byte Level(double value, double contrast, double brightness) =>
        (byte)Math.Clamp(((value - 128) * contrast) + 128 + brightness, 0, 255);

    private void EnsureRows(int width)
    {
        if (_barRow.Length < width)
        {
            _barRow = new uint[width];
            _gradientRow = new uint[width];
            _scratch = new uint[width];
        }
    }

    private void FillRow(uint[] row, int width, double phase, bool gradient)
    {
        for (int x = 0; x < width; x++)
        {
            double u = ((((double)x / width) - 0.5) / _zoom) + 0.5 + _panOffset;
            uint colour;
            if (u < 0 || u >= 1)
            {
                colour = 0xFF202020;
            }
            else if (gradient)
            {
                int g = (int)((u * 510) + (phase * 120)) & 255;
                colour = 0xFF000000 | ((uint)g << 16) | ((uint)(255 - g) << 8) | (uint)((g * 2) & 255);
            }
            else
            {
                colour = s_bars[(int)(u * s_bars.Length)];
            }

            row[x] = Adjust(colour);
        }

        Blur(row, width);
    }

    private uint Adjust(uint bgra)
    {
        int r = (int)((bgra >> 16) & 255), g = (int)((bgra >> 8) & 255), b = (int)(bgra & 255);
        int luma = ((r * 77) + (g * 150) + (b * 29)) >> 8;
        r = Math.Clamp((int)(luma + ((r - luma) * _saturation)), 0, 255);
        g = Math.Clamp((int)(luma + ((g - luma) * _saturation)), 0, 255);
        b = Math.Clamp((int)(luma + ((b - luma) * _saturation)), 0, 255);
        return 0xFF000000 | ((uint)_lutR[r] << 16) | ((uint)_lutG[g] << 8) | _lutB[b];
    }

    private void Blur(uint[] row, int width)
    {
        if (_blurRadius == 0)
        {
            return;
        }

        row.AsSpan(0, width).CopyTo(_scratch);
        for (int x = 0; x < width; x++)
        {
            int from = Math.Max(0, x - _blurRadius), to = Math.Min(width - 1, x + _blurRadius);
            int r = 0, g = 0, b = 0;
            for (int i = from; i <= to; i++)
            {
                uint p = _scratch[i];
                r += (int)((p >> 16) & 255);
                g += (int)((p >> 8) & 255);
                b += (int)(p & 255);
            }

            int n = to - from + 1;
            row[x] = 0xFF000000 | ((uint)(r / n) << 16) | ((uint)(g / n) << 8) | (uint)(b / n);
        }
    }

    private int ToScreenX(double u, int width) => (int)(((((u - _panOffset) - 0.5) * _zoom) + 0.5) * width);

    private int ToScreenY(double v, int height) => (int)(((((v - _tiltOffset) - 0.5) * _zoom) + 0.5) * height);
}
