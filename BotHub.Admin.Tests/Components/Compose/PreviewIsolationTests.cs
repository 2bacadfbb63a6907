using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>A name with a right-to-left override beside a phone number, in Compose's "Preview for".</summary>
public sealed class PreviewIsolationTests : BunitTestBase
{
    private const string Phone = "+4915100000009";
    private const string Hostile = "Mallory\u202E"; // RIGHT-TO-LEFT OVERRIDE, left open

    private static readonly AudienceRow Sample = new(9, Phone, Hostile, OptInStatus.OptedIn, [], null, Checked: true, NotifiedToday: false);

    [Fact]
    public async Task NameWithRightToLeftOverride_IsInABdiOfItsOwn_ApartFromThePhoneNumber()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MessagePreview>(1);
            b.AddComponentParameter(2, nameof(MessagePreview.Message), new ComposedMessage { Body = "Hello {{name}}" });
            b.AddComponentParameter(3, nameof(MessagePreview.Samples), (IReadOnlyList<AudienceRow>)[Sample]);
            b.AddComponentParameter(4, nameof(MessagePreview.SampleId), (int?)Sample.Id);
            b.AddComponentParameter(5, nameof(MessagePreview.Time), "14:05");
            b.CloseComponent();
        });
        var cut = host.FindComponent<MessagePreview>();

        // The closed select shows the chosen item's content: the name and the number each in a bdi of its own.
        AssertIsolated(cut.Find("[role=combobox][aria-label='Preview for']"));

        // The open list: the name in a bdi of its own, the number in another, neither inside the other.
        var select = cut.FindComponent<MudSelect<int?>>().Instance;
        await cut.InvokeAsync(() => select.OpenMenu());
        AssertIsolated(host.Find(".mud-popover-open [role=listbox] [role=option]"));
    }

    private static void AssertIsolated(AngleSharp.Dom.IElement shown)
    {
        var name = shown.QuerySelector("bdi.sample-name");
        var phone = shown.QuerySelector("bdi.sample-phone");
        Assert.NotNull(name);
        Assert.NotNull(phone);
        Assert.Equal(Hostile, name.TextContent);
        Assert.Equal(Phone, phone.TextContent);
        Assert.False(name.Contains(phone));
        Assert.False(phone.Contains(name));
        Assert.DoesNotContain('\u202E', phone.TextContent);
    }
}
