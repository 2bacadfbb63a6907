namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>Browser tests run one class at a time: two cores do not share well between Chromium and several apps.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
