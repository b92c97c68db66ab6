using Capture.Drivers.V4L2;

namespace Capture.Drivers.Tests.Infrastructure;

/// <summary>A recorded control table behaving as a UVC driver does: manual values refuse writes while their auto mode is on, values snap to the step.</summary>
internal sealed class RecordedV4L2Controls(IReadOnlyList<V4L2Control> table) : IV4L2Controls
{
    private static readonly Dictionary<uint, (uint Mode, int Manual)> s_governed = new()
    {
        [V4L2ControlIds.ExposureAbsolute] = (V4L2ControlIds.ExposureAuto, 1),
        [V4L2ControlIds.FocusAbsolute] = (V4L2ControlIds.FocusAuto, 0),
        [V4L2ControlIds.WhiteBalanceTemperature] = (V4L2ControlIds.AutoWhiteBalance, 0),
    };

    private readonly Dictionary<uint, V4L2Control> _controls = table.ToDictionary(c => c.Id);

    public List<(uint Id, int Value)> Writes { get; } = [];

    public IReadOnlyList<V4L2Control> Query() => [.. _controls.Values];

    public int Get(uint id) => _controls[id].Value;

    public void Set(uint id, int value)
    {
        var control = _controls[id];
        if (s_governed.TryGetValue(id, out var governor) && _controls.TryGetValue(governor.Mode, out var mode) && mode.Value != governor.Manual)
        {
            throw new IOException($"{control.Name}: Device or resource busy (inactive while {mode.Name} is on)");
        }

        if (value < control.Minimum || value > control.Maximum)
        {
            throw new IOException($"{control.Name}: Numerical result out of range");
        }

        int step = Math.Max(1, control.Step);
        int snapped = control.Minimum + ((value - control.Minimum) / step * step);
        _controls[id] = control with { Value = snapped };
        Writes.Add((id, value));
    }
}
