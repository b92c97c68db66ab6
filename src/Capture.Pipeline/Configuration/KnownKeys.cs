namespace Capture.Pipeline.Configuration;

/// <summary>Refuses a key the settings do not know, naming the nearest one they do: a misspelt key is never silently ignored.</summary>
internal static class KnownKeys
{
    /// <summary>Throws for the first of <paramref name="keys"/> (under <paramref name="path"/>) that is not in <paramref name="known"/>.</summary>
    public static void Check(ConfigReader reader, string path, IEnumerable<string> keys, IReadOnlyCollection<string> known)
    {
        foreach (string key in keys)
        {
            if (!known.Contains(key))
            {
                throw reader.Error(path.Length == 0 ? key : $"{path}.{key}", $"unknown key{Hint(key, known)}");
            }
        }
    }

    /// <summary>"; did you mean 'x'?" when a known name is close to <paramref name="name"/>, and the known names.</summary>
    public static string Hint(string name, IReadOnlyCollection<string> known)
    {
        string? nearest = known.MinBy(k => Distance(k, name));
        string guess = nearest is not null && Distance(nearest, name) <= Math.Max(2, name.Length / 3) ? $"; did you mean '{nearest}'?" : string.Empty;
        return $"{guess} (known here: {string.Join(", ", known.Order(StringComparer.Ordinal))})";
    }

    /// <summary>Levenshtein distance: edits from one key to the other.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
