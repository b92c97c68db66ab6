using Capture.Core.Frames;
using Capture.Core.Media;

namespace Capture.Pipeline.Stages.Motion;

/// <summary>Scores each zone of a frame by how much of it differs from a running background.</summary>
/// <remarks>
/// The frame is reduced to a grid of grey cells about <see cref="GridWidth"/> across (each cell the mean of up to 16
/// sampled pixels, which also averages sensor noise away), compared cell by cell with a background that learns each
/// frame at <see cref="Learning"/> (a parked car becomes background within seconds), and a cell differing by more than
/// the threshold has changed. A zone's score is the share of its cells that changed. When most of the view changes at
/// once (lights switched, the camera reconnected, exposure jumped) the background starts again instead of reporting.
/// Cells under a mask belong to no zone. Works on BGRA, RGBA, I420 and NV12; allocates only when the frame size changes.
/// </remarks>
internal sealed class MotionDetector
{
    /// <summary>Cells across the grid (fewer for a narrow frame).</summary>
    public const int GridWidth = 160;

    /// <summary>How much of each frame the background takes in.</summary>
    public const float Learning = 0.05f;

    /// <summary>The share of the view that, changed at once, is a new scene rather than motion.</summary>
    public const double SceneChange = 0.8;

    private readonly int _threshold;
    private readonly IReadOnlyList<MotionZone> _zones;
    private readonly IReadOnlyList<MotionZone> _masks;
    private readonly double[] _scores;
    private readonly int[] _changed;
    private readonly int[] _cellsInZone;
    private int _width, _height, _cell, _columns, _rows;
    private float[] _background = [];
    private float[] _grey = [];
    private ulong[] _zonesOfCell = [];
    private int _lookedAt;
    private bool _primed;

    /// <summary>Creates a detector for <paramref name="settings"/>' threshold, zones (the whole view when none) and masks.</summary>
    public MotionDetector(MotionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _threshold = settings.Threshold;
        _zones = settings.Zones.IsEmpty ? [MotionZone.Everywhere(MotionSettings.WholeView)] : settings.Zones;
        _masks = settings.Masks;
        if (_zones.Count > 64)
        {
            throw new ArgumentException("A camera has at most 64 motion zones.", nameof(settings));
        }

        _scores = new double[_zones.Count];
        _changed = new int[_zones.Count];
        _cellsInZone = new int[_zones.Count];
    }

    /// <summary>The zones' names, in the order of <see cref="Observe"/>'s scores.</summary>
    public IEnumerable<string> Zones => _zones.Select(z => z.Name);

    /// <summary>Compares <paramref name="frame"/> with the background and returns each zone's share of changed cells (all 0 on a first or new scene).</summary>
    /// <exception cref="NotSupportedException">The frame is not raw pixels.</exception>
    public ReadOnlySpan<double> Observe(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != _width || frame.Height != _height)
        {
            Layout(frame.Width, frame.Height);
        }

        Downscale(frame);
        Array.Clear(_scores);
        if (!_primed)
        {
            Array.Copy(_grey, _background, _grey.Length);
            _primed = true;
            return _scores;
        }

        Array.Clear(_changed);
        int changedAnywhere = 0;
        for (int i = 0; i < _grey.Length; i++)
        {
            float difference = _grey[i] - _background[i];
            _background[i] += Learning * difference;
            ulong zones = _zonesOfCell[i];
            if (zones == 0 || Math.Abs(difference) <= _threshold)
            {
                continue;
            }

            changedAnywhere++;
            for (int z = 0; zones != 0; z++, zones >>= 1)
            {
                _changed[z] += (int)(zones & 1);
            }
        }

        if (changedAnywhere > SceneChange * _lookedAt)
        {
            Array.Copy(_grey, _background, _grey.Length);
            return _scores;
        }

        for (int z = 0; z < _scores.Length; z++)
        {
            _scores[z] = _cellsInZone[z] == 0 ? 0 : (double)_changed[z] / _cellsInZone[z];
        }

        return _scores;
    }

    /// <summary>Whether the point at normalised (<paramref name="x"/>, <paramref name="y"/>) lies inside <paramref name="polygon"/> (even-odd rule).</summary>
    internal static bool Contains(IReadOnlyList<Point2D> polygon, double x, double y)
    {
        bool inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (a, b) = (polygon[i], polygon[j]);
            if ((a.Y > y) != (b.Y > y) && x < ((b.X - a.X) * (y - a.Y) / (b.Y - a.Y)) + a.X)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private void Layout(int width, int height)
    {
        (_width, _height) = (width, height);
        _cell = Math.Max(1, width / GridWidth);
        (_columns, _rows) = (Math.Max(1, width / _cell), Math.Max(1, height / _cell));
        _grey = new float[_columns * _rows];
        _background = new float[_grey.Length];
        _zonesOfCell = new ulong[_grey.Length];
        Array.Clear(_cellsInZone);
        _lookedAt = 0;
        _primed = false;
        for (int row = 0; row < _rows; row++)
        {
            for (int column = 0; column < _columns; column++)
            {
                double x = (column + 0.5) / _columns, y = (row + 0.5) / _rows;
                if (_masks.Any(m => Contains(m.Polygon, x, y)))
                {
                    continue;
                }

                ulong zones = 0;
                for (int z = 0; z < _zones.Count; z++)
                {
                    if (Contains(_zones[z].Polygon, x, y))
                    {
                        zones |= 1UL << z;
                        _cellsInZone[z]++;
                    }
                }

                _zonesOfCell[(row * _columns) + column] = zones;
                _lookedAt += zones == 0 ? 0 : 1;
            }
        }
    }

    /// <summary>Each cell's grey level: the mean luma of a 4×4 sample of its pixels.</summary>
    private void Downscale(VideoFrame frame)
    {
        var data = frame.Data;
        int stride = frame.Info.Stride;
        var (bytesPerPixel, r, g, b) = frame.Format switch
        {
            VideoPixelFormat.Bgra32 => (4, 2, 1, 0),
            VideoPixelFormat.Rgba32 => (4, 0, 1, 2),
            VideoPixelFormat.I420 or VideoPixelFormat.Nv12 => (1, 0, 0, 0),
            var other => throw new NotSupportedException($"motion detection reads raw pixels, not {other}"),
        };
        if (data.Length < stride * _height)
        {
            throw new InvalidDataException($"a {_width}x{_height} frame of {data.Length} bytes is truncated");
        }

        int step = Math.Max(1, _cell / 4);
        for (int row = 0; row < _rows; row++)
        {
            for (int column = 0; column < _columns; column++)
            {
                int sum = 0, samples = 0;
                for (int y = row * _cell; y < (row + 1) * _cell; y += step)
                {
                    var line = data.Slice(y * stride);
                    for (int x = column * _cell; x < (column + 1) * _cell; x += step)
                    {
                        int p = x * bytesPerPixel;
                        sum += bytesPerPixel == 1 ? line[p] : ((77 * line[p + r]) + (150 * line[p + g]) + (29 * line[p + b])) >> 8;
                        samples++;
                    }
                }

                _grey[(row * _columns) + column] = (float)sum / samples;
            }
        }
    }
}
