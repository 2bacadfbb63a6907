using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using Microsoft.AspNetCore.Components;

namespace BotHub.Admin.Features.Compose;

public sealed partial class MessageEditor
{
    private bool _inferred;

    [Parameter, EditorRequired] public ComposeModel Model { get; set; } = null!;
    [Parameter] public IReadOnlyList<SendingChannel> Channels { get; set; } = [];
    [Parameter] public IReadOnlyList<ComposeIssue> Issues { get; set; } = [];

    /// <summary>Attribute keys in use among recipients, offered as {{attr:KEY}}.</summary>
    [Parameter] public IReadOnlyList<string> AttributeKeys { get; set; } = [];

    [Parameter] public EventCallback Changed { get; set; }

    private string TextField => Model.Message.IsMedia ? "caption" : "body";

    private IEnumerable<string> VariableKeys => MessageVariables.Builtins.Concat(AttributeKeys.Select(k => MessageVariable.AttributePrefix + k));

    private IReadOnlyList<ComposeIssue> OtherIssues =>
        Issues.Where(i => i.Field is not ("url" or "extension" or "body" or "caption")).ToList();

    private readonly HashSet<string> _touched = [];

    /// <summary>Every issue at once, touched or not (after "Send" was tried, or for a reopened draft).</summary>
    [Parameter] public bool ShowAll { get; set; }

    // A field left empty is not an error until the user has been there (typed in it, or left it; the extension once a URL
    // was given that did not name it); a wrong value, such as a URL ending in an extension the type does not take, is one
    // at once.
    private IEnumerable<ComposeIssue> Shown(string field) => Issues.Where(i => i.Field == field
        && (ShowAll || _touched.Contains(field) || (field == "extension" && _touched.Contains("url"))
            || i.Unsupported is not null || i.Provider is null or { Code: 10100 }));

    private void Left(string field) => _touched.Add(field);

    private bool HasIssue(string field) => Shown(field).Any();

    private string? IssueFor(string field) => Shown(field).FirstOrDefault() is { } issue ? ComposeIssueText.For(L, issue) : null;

    private Task ChannelChangedAsync(int? id) => Set(() => Model.ChannelId = id);

    private Task SourceChangedAsync(string source) => Set(() => Model.Message.Source = source);

    private Task TypeChangedAsync(string type) => Set(() =>
    {
        var m = Model.Message;
        var words = m.Template;
        m.Type = type;
        if (m.IsMedia)
        {
            m.Caption ??= words;
            m.Extension = MessageRules.InferExtension(type, m.Url) ?? (MessageRules.Extensions[type].Contains(m.Extension ?? "") ? m.Extension : null);
            _inferred = m.Extension is not null;
        }
        else
        {
            m.Body ??= words;
        }
    });

    private Task UrlChangedAsync(string url) => Set(() =>
    {
        Model.Message.Url = url;
        _touched.Add("url");
        if (_inferred || string.IsNullOrEmpty(Model.Message.Extension))
        {
            // The extension follows the URL until the user picks one; a URL without a known one clears what was inferred.
            Model.Message.Extension = MessageRules.InferExtension(Model.Message.Type, url);
            _inferred = Model.Message.Extension is not null;
        }
    });

    private Task ExtensionChangedAsync(string ext) => Set(() =>
    {
        Model.Message.Extension = ext;
        _inferred = false;
        _touched.Add("extension");
    });

    private Task TextChangedAsync(string text) => Set(() => SetText(text));

    private Task InsertAsync(string key) => Set(() => SetText(MessageVariables.Append(Model.Message.Template, new MessageVariable(key))));

    private void SetText(string? text)
    {
        _touched.Add(TextField);
        if (Model.Message.IsMedia)
        {
            Model.Message.Caption = text;
        }
        else
        {
            Model.Message.Body = text;
        }
    }

    private async Task Set(Action change)
    {
        change();
        await Changed.InvokeAsync();
    }
}
