namespace Capture.Core.Drivers;

/// <summary>
/// A camera whose features are reachable by their own names (GenICam: <c>GainRaw</c>, <c>BinningHorizontal</c>, …)
/// beside the W3C capabilities: read and written as text, read back after every write. What is written is written
/// again whenever the camera opens (after a reconnect too).
/// </summary>
public interface INamedFeatures
{
    /// <summary>The feature's value as text.</summary>
    /// <exception cref="Media.MediaException">NotFoundError: the camera has no such feature.</exception>
    string ReadFeature(string name);

    /// <summary>Writes the feature and answers what the camera kept.</summary>
    /// <exception cref="Media.MediaException">NotFoundError: no such feature. NotSupportedError: the camera refused the value.</exception>
    string WriteFeature(string name, string value);

    /// <summary>Features to write whenever the camera opens, after the configured ones (what the API wrote before a restart of the service); nothing is written now.</summary>
    void Keep(IEnumerable<KeyValuePair<string, string>> features);
}
