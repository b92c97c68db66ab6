using System.Globalization;
using Akka.Configuration;

namespace Capture.Pipeline.Configuration;

/// <summary>Reads typed values from a HOCON config, turning every bad value into an error naming its path and file.</summary>
/// <param name="config">The config to read.</param>
/// <param name="file">The file it came from, named in errors.</param>
/// <param name="prefix">The path of <paramref name="config"/> inside the whole file, put before keys in errors.</param>
internal sealed class ConfigReader(Config config, string? file, string prefix = "")
{
    public string? File => file;

    public string Prefix => prefix;

    public Config Config => config;

    public bool Has(string path) => config.HasPath(path);

    public string? Text(string path) => Read(path, () => config.HasPath(path) ? config.GetString(path) : null);

    public bool Flag(string path) => Read(path, () => config.GetBoolean(path));

    public TimeSpan Duration(string path, bool allowZero = false)
    {
        var value = Read(path, () => config.GetTimeSpan(path, allowInfinite: false));
        return value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) ? throw Error(path, $"must be a positive duration, got {value}") : value;
    }

    /// <summary>A duration, or null when absent or set to <c>off</c>.</summary>
    public TimeSpan? OptionalDuration(string path) => !config.HasPath(path) || IsOff(path) ? null : Duration(path);

    public double Number(string path, double min, double max)
    {
        string raw = Read(path, () => config.GetString(path));
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < min || value > max)
        {
            throw Error(path, $"must be a number in {(min == double.Epsilon ? "(0" : $"[{min}")}, {max}], got '{raw}'");
        }

        return value;
    }

    public int Integer(string path, int min, int max = int.MaxValue)
    {
        string raw = Read(path, () => config.GetString(path));
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw Error(path, $"must be a whole number in [{min}, {max}], got '{raw}'");
        }

        return value;
    }

    /// <summary>A size such as 10GB, or null when absent — or, with <paramref name="offAllowed"/>, when set to <c>off</c>, <c>0</c> or <c>null</c> (no limit).</summary>
    public long? OptionalBytes(string path, bool offAllowed = false)
    {
        if (!config.HasPath(path))
        {
            return null;
        }

        if (offAllowed && (IsOff(path) || config.GetValue(path).GetString() is "0"))
        {
            return null;
        }

        long? bytes = Read(path, () => config.GetByteSize(path));
        return bytes is > 0 ? bytes : throw Error(path, $"must be a positive size such as 512MB or 10GB, got '{config.GetString(path)}'");
    }

    public int? OptionalInteger(string path, int min) => config.HasPath(path) ? Integer(path, min) : null;

    public ConfigReader Section(string path, string fullPath) => new(config.GetConfig(path), file, $"{fullPath}.");

    /// <summary>The same keys, with <paramref name="fallback"/> for those not written (the defaults of reference.conf).</summary>
    public ConfigReader WithFallback(Config fallback) => new(config.WithFallback(fallback), file, prefix);

    public CaptureConfigurationException Error(string path, string reason, Exception? inner = null) => new(prefix + path, reason, file, inner);

    private bool IsOff(string path) => config.GetValue(path) is var value && (value is null || value.IsEmpty || value.GetString() is null or "off" or "null" or "false");

    private T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not CaptureConfigurationException)
        {
            throw Error(path, e.Message, e);
        }
    }
}
