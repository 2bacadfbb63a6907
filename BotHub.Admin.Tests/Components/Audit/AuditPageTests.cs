using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Users;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Audit;

/// <summary>The audit page over a real, migrated log: details, kinds and subjects in the reader's language; old rows as written.</summary>
public sealed class AuditPageTests : BunitTestBase, IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin-1", "admin@test.local", "127.0.0.1");

    private IdentityServices _backend = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _backend = await IdentityServices.CreateAsync(ct: Ct);
        Services.AddSingleton(_backend.Get<AuditQuery>());
        SignInAs(Roles.Admin);

        var log = _backend.Get<AuditLog>();
        // Written before details were kept by key: English words only.
        await log.WriteAsync(Admin, AuditKind.RecoveryCodeUsed, "admin@test.local", "signed in with a recovery code; 3 left", Ct);
        await log.WriteAsync(Admin, AuditKind.ApiKeyAdded, "+8613900001111", AuditText.Of("AuditDetail.Key.Added", "••••1234"), Ct);
        await log.WriteAsync(Admin, AuditKind.BroadcastRetried, "broadcast 12", AuditText.Of("AuditDetail.Retried", 1500), Ct);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private IRenderedComponent<AuditPage> RenderPage()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count));
        return page;
    }

    private static List<string> Row(IRenderedComponent<AuditPage> page, int index) =>
        page.FindAll("tbody tr")[index].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();

    [Fact]
    public void InChinese_KeyedDetailsKindsAndSubjects_AreChinese_OldRowStaysAsWritten()
    {
        UseCulture("zh-CN");

        var page = RenderPage();

        // Newest first: the retry, the key, the old row.
        Assert.Equal(["已重试失败的投递", "群发 12", "1,500 条失败的投递重新排队"], Row(page, 0).Where((_, i) => i is 1 or 4 or 5));
        Assert.Equal(["API 密钥已添加", "+8613900001111", "已添加密钥 ••••1234"], Row(page, 1).Where((_, i) => i is 1 or 4 or 5));
        Assert.Equal("signed in with a recovery code; 3 left", Row(page, 2)[5]);
        Assert.Contains("审计日志", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void InEnglish_TheSameRows_ReadInEnglish()
    {
        var page = RenderPage();

        Assert.Equal(["Broadcast 12", "1,500 failed deliveries queued again"], Row(page, 0).Where((_, i) => i is 4 or 5));
        Assert.Equal("key ••••1234 added", Row(page, 1)[5]);
    }
}
