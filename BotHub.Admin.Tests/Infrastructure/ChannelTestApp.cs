using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>The app with one channel declared in configuration, a clock the test drives, and every log line kept.</summary>
public class ChannelTestApp : TestApp
{
    public const string BotPhone = "+8613800000001";
    public const string ApiKey = "sk-test-Very-Secret-Key-4242";
    public const string WebhookSecret = "whsec-test-0123456789abcdef";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public LogSink Logs { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Logging:LogLevel:Default"] = "Trace";
            s["Bsp:Mode"] = "Live";
            s["Bsp:BaseUrl"] = "http://127.0.0.1:9/";
            s["Bsp:RequestTimeout"] = "00:00:02";
            s["Bsp:Channels:0:BotPhone"] = BotPhone;
            s["Bsp:Channels:0:Name"] = "Test bot";
            s["Bsp:Channels:0:TimeZone"] = "Asia/Shanghai";
            s["Bsp:Channels:0:Tier"] = "1";
            s["Bsp:Channels:0:ApiKey"] = ApiKey;
            s["Bsp:Channels:0:WebhookSecret"] = WebhookSecret;
            return s;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}
