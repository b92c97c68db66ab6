namespace Capture.Drivers.V4L2;

/// <summary>A control the device did not take, reported rather than hidden.</summary>
/// <param name="Property">The W3C property, e.g. "exposureTime".</param>
/// <param name="ControlId">The V4L2 control id.</param>
/// <param name="Value">The value that was to be written.</param>
/// <param name="Reason">Why it was not.</param>
public sealed record V4L2ControlFailure(string Property, uint ControlId, int Value, string Reason);
