namespace Capture.Host;

/// <summary>Finds the rig's HOCON file.</summary>
internal static class ConfigFile
{
    private const string DefaultName = "hocon.conf";

    /// <summary>The file given with <c>--config</c>; else <c>hocon.conf</c> in the working directory; else the one shipped beside the binary.</summary>
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        string local = Path.GetFullPath(DefaultName);
        return File.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, DefaultName);
    }
}
