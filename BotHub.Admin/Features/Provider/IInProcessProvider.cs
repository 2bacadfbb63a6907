namespace BotHub.Admin.Features.Provider;

/// <summary>A provider running inside this process (the sandbox): where to reach it when Bsp:BaseUrl is empty.</summary>
public interface IInProcessProvider
{
    Uri BaseUrl { get; }
}
