using Microsoft.Win32.SafeHandles;

namespace Tollgate.Storage.Embedded;

/// <summary>
/// Files of the data directory are the owner's alone: the ledger names users, features and prompts' costs, and the
/// key store holds key hashes. On Unix the directory is created <c>0700</c> and every file in it <c>0600</c>,
/// whatever the process umask. SQLite creates the database's <c>-wal</c> and <c>-shm</c> files itself, with the
/// permissions of the database file, so creating that file first, owner-only, covers them too. Directories and
/// files that already exist keep their permissions: an operator may have chosen them.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and any missing parents) owner-only; an existing directory is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerDirectory);
        }
    }

    /// <summary>Creates an empty file at <paramref name="path"/>, owner-only, unless one exists (SQLite takes an empty file as a new database).</summary>
    public static void CreateFile(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        try
        {
            new FileStream(path, options).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the gateway, a 'tollgate keys' command) created it first.
        }
    }

    /// <summary>Opens <paramref name="path"/> for writing, truncating or creating it owner-only.</summary>
    public static SafeFileHandle OpenForWriting(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                // The file is empty yet: nothing can be read through the mode it was created with.
                File.SetUnixFileMode(handle, OwnerFile);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        return handle;
    }
}
