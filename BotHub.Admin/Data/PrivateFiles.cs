using System.Runtime.Versioning;

namespace BotHub.Admin.Data;

/// <summary>
/// On Unix, the app's data (the database with its -wal and -shm, the key ring) readable by the app's user only:
/// folders 0700, files 0600. Elsewhere (Windows) the folder's access list is left as it is.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [UnsupportedOSPlatformGuard("windows")]
    public static bool Applies => !OperatingSystem.IsWindows();

    /// <summary>Creates the folder as 0700 (whatever the umask) when it is missing.</summary>
    public static void CreateFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        if (Applies)
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// Makes the folder 0700 and the named files in it 0600; returns what could not be made private, to log. A folder
    /// others share by design (the sticky bit, as /tmp has) is left as it is: its own files are still made private.
    /// </summary>
    public static IReadOnlyList<string> Restrict(string folder, IEnumerable<string> files)
    {
        var problems = new List<string>();
        if (!Applies || !Directory.Exists(folder))
        {
            return problems;
        }

        var mode = File.GetUnixFileMode(folder);
        if ((mode & UnixFileMode.StickyBit) != 0)
        {
            problems.Add($"{folder} is shared by design (sticky bit): left {Octal(mode)}");
        }
        else
        {
            Set(folder, FolderMode, problems);
        }

        foreach (var file in files.Where(File.Exists))
        {
            Set(file, FileMode, problems);
        }

        return problems;
    }

    /// <summary>0600 for every file in the folder that is not already, e.g. a key file just written.</summary>
    public static void RestrictFilesIn(string folder)
    {
        if (!Applies || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (File.GetUnixFileMode(file) != FileMode)
            {
                File.SetUnixFileMode(file, FileMode);
            }
        }
    }

    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    [UnsupportedOSPlatform("windows")]
    private static void Set(string path, UnixFileMode mode, List<string> problems)
    {
        try
        {
            if (File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            problems.Add($"{path}: {e.Message}");
        }
    }
}
