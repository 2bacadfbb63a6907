using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace BotHub.Admin.Data;

/// <summary>
/// The key ring's files in a folder, as <see cref="FileSystemXmlRepository"/> keeps them, but private: the folder is
/// made 0700 before a key is written and the key's file 0600 after, whatever the process's umask.
/// </summary>
public sealed class PrivateKeyFolder(DirectoryInfo folder, ILoggerFactory loggerFactory) : IXmlRepository
{
    private readonly FileSystemXmlRepository _files = new(folder, loggerFactory);

    public DirectoryInfo Folder => folder;

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        PrivateFiles.CreateFolder(folder.FullName);
        _files.StoreElement(element, friendlyName);
        PrivateFiles.RestrictFilesIn(folder.FullName);
    }
}
