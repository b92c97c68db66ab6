namespace Capture.Drivers.V4L2;

/// <summary>The controls of one V4L2 device: the seam between the mapping and the ioctl layer (or a recorded table).</summary>
public interface IV4L2Controls
{
    /// <summary>Every control with its current value and flags.</summary>
    IReadOnlyList<V4L2Control> Query();

    /// <summary>Reads one control's value.</summary>
    int Get(uint id);

    /// <summary>Writes one control's value.</summary>
    /// <exception cref="IOException">The device refused it (inactive, out of range, busy…).</exception>
    void Set(uint id, int value);
}
