namespace BotHub.Admin.Data;

internal static partial class DataLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The Data Protection key ring in {Folder} is not encrypted: a copy of the data folder "
        + "decrypts the channels' API keys and webhook secrets. Set {PathKey} and {PasswordKey} (required outside Development).")]
    public static partial void KeyRingNotEncrypted(ILogger logger, string folder, string pathKey, string passwordKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data not made private to the app's user: {Problem}")]
    public static partial void NotPrivate(ILogger logger, string problem);
}
