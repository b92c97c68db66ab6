namespace Capture.Core.Drivers.Synthetic;

/// <summary>What a synthetic camera shows besides its controls: the moving test pattern, or a still view with noise and a scripted object (for motion detection).</summary>
public sealed record SyntheticSceneScript
{
    /// <summary>The moving test pattern.</summary>
    public static SyntheticSceneScript Pattern { get; } = new();

    /// <summary>The pattern holds still (a fixed view), so that only the scripted object and the noise change.</summary>
    public bool Still { get; init; }

    /// <summary>Sensor noise: each colour of each pixel off by up to this many levels, afresh every frame.</summary>
    public int Noise { get; init; }

    /// <summary>When set, an object (a square, white above and black below) crosses the view once in every such period, during its last <see cref="ObjectCrossing"/>.</summary>
    /// <remarks>The crossing ends each period, so a camera starts on an empty view. Times are the camera's frame times (frame number ÷ rate), so a test can replay them.</remarks>
    public TimeSpan? ObjectEvery { get; init; }

    /// <summary>How long the object takes to cross, edge to edge.</summary>
    public TimeSpan ObjectCrossing { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The object's side, as a share of the frame's height.</summary>
    public double ObjectSize { get; init; } = 0.2;

    /// <summary>Whether the object is in view at <paramref name="time"/> since the camera started.</summary>
    public bool ObjectInView(TimeSpan time) => ObjectPosition(time) is not null;

    /// <summary>How far across the view the object's left edge is (−size … 1), or null when it is not crossing.</summary>
    internal double? ObjectPosition(TimeSpan time)
    {
        if (ObjectEvery is not { } every || every <= TimeSpan.Zero)
        {
            return null;
        }

        var into = TimeSpan.FromTicks(time.Ticks % every.Ticks);
        var start = every - ObjectCrossing;
        return into < start ? null : (into - start) / ObjectCrossing;
    }
}
