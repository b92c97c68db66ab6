namespace Capture.Core.Media;

/// <summary>A normalized point in the frame: (0,0) is the top-left corner and (1,1) the bottom-right (W3C <c>Point2D</c>).</summary>
/// <param name="X">Grows to the right.</param>
/// <param name="Y">Grows downward.</param>
public readonly record struct Point2D(double X = 0, double Y = 0)
{
    /// <summary>Returns the point with each coordinate clamped to [0, 1], as the spec requires of points of interest.</summary>
    public Point2D Clamped() => new(Math.Clamp(X, 0, 1), Math.Clamp(Y, 0, 1));
}
