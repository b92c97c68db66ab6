using System.Collections.Immutable;

namespace Capture.Drivers.V4L2;

/// <summary>One V4L2 control as the driver reports it (VIDIOC_QUERYCTRL, VIDIOC_G_CTRL, VIDIOC_QUERYMENU).</summary>
/// <param name="Id">The control id, e.g. 0x009a090d (zoom_absolute): stable across kernels, unlike names.</param>
/// <param name="Name">The driver's name for it.</param>
/// <param name="Type">"int", "bool", "menu", "intmenu", "button"…</param>
/// <param name="Minimum">Smallest value.</param>
/// <param name="Maximum">Largest value.</param>
/// <param name="Step">Step between values.</param>
/// <param name="Default">Power-on value.</param>
/// <param name="Value">Current value.</param>
/// <param name="Inactive">Set while another control (an auto mode) governs it.</param>
/// <param name="Menu">Menu entries by index, for menu controls.</param>
public sealed record V4L2Control(uint Id, string Name, string Type, int Minimum, int Maximum, int Step, int Default, int Value, bool Inactive, ImmutableDictionary<int, string> Menu)
{
    /// <summary>Whether the range holds more than one value (Chromium, and we, expose only those).</summary>
    public bool IsAdjustable => Maximum > Minimum;
}
