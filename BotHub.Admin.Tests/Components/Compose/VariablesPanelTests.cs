using BotHub.Admin.Features.Compose;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>The variables panel: each variable used, how many picked recipients lack it, and leave out or fall back.</summary>
public sealed class VariablesPanelTests : BunitTestBase
{
    private static readonly MessageVariable Name = new("name");
    private static readonly MessageVariable City = new("attr:city");

    private readonly ComposeModel _model = new();
    private int _changes;

    private IRenderedComponent<VariablesPanel> RenderPanel(AudiencePlan? plan, string text = "Hello {{name}} in {{attr:city}}") =>
        Render<VariablesPanel>(p => p
            .Add(x => x.Model, _model)
            .Add(x => x.Variables, MessageVariables.Used(text))
            .Add(x => x.Plan, plan)
            .Add(x => x.Changed, () => _changes++));

    private static List<(string Token, string Missing)> Rows(IRenderedComponent<VariablesPanel> cut) =>
        cut.FindAll("tbody tr").Select(r => (r.QuerySelector("code")!.TextContent, r.Children[1].TextContent.Trim())).ToList();

    private static AngleSharp.Dom.IElement LeaveOut(IRenderedComponent<VariablesPanel> cut, string token) =>
        cut.Find($"input[role=switch][aria-label='Leave out recipients without {token}']");

    private static AngleSharp.Dom.IElement? Fallback(IRenderedComponent<VariablesPanel> cut, string token) =>
        cut.FindAll("label.mud-input-label").SingleOrDefault(l => l.TextContent.Trim() == $"Fallback for {token}") is { } label
            ? cut.Find($"#{label.GetAttribute("for")}")
            : null;

    [Fact]
    public void Panel_WithPlan_ListsEachVariableWithItsMissingCount()
    {
        var plan = Plans.Empty() with { Variables = [new VariableUse(Name, 3), new VariableUse(City, 1234)] };

        var cut = RenderPanel(plan);

        Assert.Equal([("{{name}}", "3"), ("{{attr:city}}", "1,234")], Rows(cut));
    }

    [Fact]
    public void Panel_PlanNotReady_ShowsAnEllipsisForEachCount()
    {
        var cut = RenderPanel(plan: null);

        Assert.Equal([("{{name}}", "…"), ("{{attr:city}}", "…")], Rows(cut));
    }

    [Fact]
    public void Panel_NoVariables_SaysSo()
    {
        var cut = RenderPanel(Plans.Empty(), text: "Hello everyone");

        Assert.Empty(cut.FindAll("table"));
        Assert.Equal("This message uses no variables.", cut.Find("p").TextContent.Trim());
    }

    [Fact]
    public void Panel_NewVariable_LeavesOutByDefault_WithoutAFallbackField()
    {
        var cut = RenderPanel(Plans.Empty());

        Assert.Equal("true", LeaveOut(cut, "{{name}}").GetAttribute("aria-checked"));
        Assert.Null(Fallback(cut, "{{name}}"));
        Assert.True(_model.Fallbacks["name"].Exclude);
        Assert.True(_model.Fallbacks["attr:city"].Exclude);
    }

    [Fact]
    public void Panel_LeaveOutTurnedOff_RevealsTheFallback_AndTypingSetsIt()
    {
        var cut = RenderPanel(Plans.Empty());

        LeaveOut(cut, "{{name}}").Change(false);

        cut.WaitForAssertion(() => Assert.NotNull(Fallback(cut, "{{name}}")));
        Assert.Equal("false", LeaveOut(cut, "{{name}}").GetAttribute("aria-checked"));
        Assert.Null(Fallback(cut, "{{attr:city}}"));
        Fallback(cut, "{{name}}")!.Input("friend");
        cut.WaitForAssertion(() => Assert.Equal("friend", _model.Fallbacks["name"].Text));
        Assert.False(_model.Fallbacks["name"].Exclude);
        Assert.True(_model.Fallbacks["attr:city"].Exclude);
        Assert.True(_changes >= 2);
        Assert.Equal("Hello friend in Shanghai",
            MessageVariables.Render("Hello {{name}} in {{attr:city}}", new RecipientValues("+4915100000001", null,
                new Dictionary<string, string> { ["city"] = "Shanghai" }), _model.Fallbacks).Text);
    }

    [Fact]
    public void Panel_LeaveOutTurnedBackOn_HidesTheFallback()
    {
        _model.FallbackFor("name").Exclude = false;
        var cut = RenderPanel(Plans.Empty());
        Assert.NotNull(Fallback(cut, "{{name}}"));

        LeaveOut(cut, "{{name}}").Change(true);

        cut.WaitForAssertion(() => Assert.Null(Fallback(cut, "{{name}}")));
        Assert.True(_model.Fallbacks["name"].Exclude);
    }
}
