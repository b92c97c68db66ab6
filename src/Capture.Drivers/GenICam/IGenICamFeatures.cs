namespace Capture.Drivers.GenICam;

/// <summary>A GenICam camera's features by name (the Standard Features Naming Convention): what the mapping reads and writes, so that it is tested without a camera.</summary>
/// <remarks>Every call throws <see cref="IOException"/> naming the feature when the camera refuses or does not answer.</remarks>
internal interface IGenICamFeatures
{
    /// <summary>Whether the camera has <paramref name="feature"/> and it is available now.</summary>
    bool Has(string feature);

    /// <summary>An integer feature's value.</summary>
    long GetInteger(string feature);

    /// <summary>Sets an integer feature.</summary>
    void SetInteger(string feature, long value);

    /// <summary>An integer feature's bounds and increment.</summary>
    (long Min, long Max, long Step) IntegerRange(string feature);

    /// <summary>A float feature's value.</summary>
    double GetFloat(string feature);

    /// <summary>Sets a float feature.</summary>
    void SetFloat(string feature, double value);

    /// <summary>A float feature's bounds.</summary>
    (double Min, double Max) FloatRange(string feature);

    /// <summary>A string or enumeration feature's value.</summary>
    string GetString(string feature);

    /// <summary>Sets a string or enumeration feature.</summary>
    void SetString(string feature, string value);

    /// <summary>An enumeration feature's available values.</summary>
    IReadOnlyList<string> Choices(string feature);

    /// <summary>Runs a command feature (<c>TriggerSoftware</c>).</summary>
    void Execute(string feature);
}
