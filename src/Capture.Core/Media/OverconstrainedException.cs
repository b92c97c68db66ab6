namespace Capture.Core.Media;

/// <summary>No settings satisfy the required constraints (W3C <c>OverconstrainedError</c>).</summary>
public sealed class OverconstrainedException : MediaException
{
    /// <summary>Creates the error for the named constraint.</summary>
    /// <param name="constraint">The W3C name of an offending constraint (e.g. "zoom"), or "" if none is revealed.</param>
    /// <param name="message">Free text.</param>
    public OverconstrainedException(string constraint, string message = "")
        : base(MediaErrorNames.OverconstrainedError, string.IsNullOrEmpty(message) ? $"Constraint '{constraint}' cannot be satisfied." : message)
    {
        Constraint = constraint ?? string.Empty;
    }

    /// <summary>The W3C name of the offending constraint, e.g. "zoom"; empty when none is revealed.</summary>
    public string Constraint { get; }
}
