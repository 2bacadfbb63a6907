using BotHub.Admin.Components;
using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Tests.Unit;

public sealed class QueryLinkTests
{
    [Fact]
    public void EmptyValues_AreLeftOut_AndTheRestEscaped()
    {
        var link = QueryLink.Build("/recipients/export.csv", ("search", "Li & 王"), ("tag", null), ("optIn", " "), ("channel", "3"));
        Assert.Equal("/recipients/export.csv?search=Li%20%26%20%E7%8E%8B&channel=3", link);
    }

    [Fact]
    public void NoValues_GiveThePathWithAnEmptyQuery() =>
        Assert.Equal("/audit/export.csv?", QueryLink.Build("/audit/export.csv", ("user", null)));
}
