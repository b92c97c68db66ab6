using System.Globalization;

namespace Capture.Benchmarks;

/// <summary>CPU time of a process and of this process's children, from <c>/proc</c> (the kernel's own accounting), so every figure counts the ffmpeg children too.</summary>
internal static class ChildProcesses
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>User + system CPU seconds of <paramref name="pid"/> so far (0 once it is gone).</summary>
    public static double CpuSeconds(int pid) => Stat(pid)?.CpuTicks / TicksPerSecond ?? 0;

    /// <summary>This process's live children whose command is <paramref name="name"/> (e.g. ffmpeg).</summary>
    public static IReadOnlyList<int> Children(string name)
    {
        int self = Environment.ProcessId;
        return [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : -1)
            .Where(pid => pid > 0 && Stat(pid) is { } stat && stat.Command == name && stat.ParentId == self)];
    }

    /// <summary>The CPU seconds of this process's children named <paramref name="name"/> whose command line contains <paramref name="argument"/>.</summary>
    public static double ChildrenWith(string name, string argument) =>
        Children(name).Where(pid => ReadCommandLine(pid).Contains(argument, StringComparison.Ordinal)).Sum(CpuSeconds);

    /// <summary>User + system CPU seconds of <paramref name="pid"/> and every live descendant of it, now.</summary>
    public static double TreeCpuSeconds(int pid) => TreeCpuSeconds(pid, _ => true);

    /// <summary>User + system CPU seconds of the live processes of <paramref name="pid"/>'s tree (itself included) whose command line <paramref name="counts"/> accepts, now.</summary>
    public static double TreeCpuSeconds(int pid, Func<string, bool> counts)
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int id) ? (Id: id, Stat: Stat(id)) : (Id: -1, Stat: null))
            .Where(p => p.Stat is not null)
            .ToDictionary(p => p.Id, p => p.Stat!.Value);
        bool Descends(int id) => id == pid || (parents.TryGetValue(id, out var stat) && stat.ParentId > 1 && Descends(stat.ParentId));
        return parents.Where(p => Descends(p.Key) && counts(ReadCommandLine(p.Key))).Sum(p => p.Value.CpuTicks) / TicksPerSecond;
    }

    /// <summary>The CPU seconds of this process plus its children named <paramref name="child"/>, now.</summary>
    public static double SelfAndChildren(string child) => CpuSeconds(Environment.ProcessId) + Children(child).Sum(CpuSeconds);

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>/proc/PID/stat: "pid (comm) state ppid … utime stime …" (utime and stime are the 14th and 15th fields).</summary>
    private static (string Command, int ParentId, long CpuTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        int open = text.IndexOf('(', StringComparison.Ordinal), close = text.LastIndexOf(')');
        var after = text[(close + 2)..].Split(' '); // [0] state, [1] ppid, … [11] utime, [12] stime
        return (text[(open + 1)..close], int.Parse(after[1], CultureInfo.InvariantCulture),
            long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture));
    }
}
