using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Recipients.Csv;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using BotHub.Admin.Features.Audit;

namespace BotHub.Admin.Features.Recipients;

public enum ColumnRole
{
    Ignore,
    Phone,
    Name,
    Tags,
    OptIn,
    Attribute,
}

public enum ImportStep
{
    Pick,
    Map,
    Running,
    Done,
}

public sealed partial class ImportDialog : IAsyncDisposable
{
    public const long MaxFileBytes = 50 * 1024 * 1024;

    private ImportStep _step = ImportStep.Pick;
    private string? _error;
    private string? _fileName;
    private string? _tempFile;
    private CsvPreviewResult? _preview;
    private ColumnRole[] _roles = [];
    private ImportProgress? _progress;
    private ImportResult? _result;
    private string? _rejectsHref;
    private CancellationTokenSource? _cts;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Inject] private RecipientImporter Importer { get; set; } = default!;
    [Inject] private ImportRejectsStore Rejects { get; set; } = default!;
    [Inject] private CurrentActor Actor { get; set; } = default!;

    private string SeparatorName => _preview?.Separator == ';' ? L["Import.Semicolon"] : L["Import.Comma"];

    private string? MappingProblem
    {
        get
        {
            var phones = _roles.Count(r => r == ColumnRole.Phone);
            if (phones != 1)
            {
                return phones == 0 ? L["Import.Map.NoPhone"].Value : L["Import.Map.Twice", L["Import.Role.Phone"]].Value;
            }

            foreach (var role in new[] { ColumnRole.Name, ColumnRole.Tags, ColumnRole.OptIn })
            {
                if (_roles.Count(r => r == role) > 1)
                {
                    return L["Import.Map.Twice", L[$"Import.Role.{role}"]].Value;
                }
            }

            var keys = AttributeColumns().Select(a => a.Key).ToList();
            return keys.Count != keys.Distinct(StringComparer.Ordinal).Count() || keys.Any(string.IsNullOrWhiteSpace) ? L["Import.Map.AttributeNames"].Value : null;
        }
    }

    private async Task OnFileAsync(IBrowserFile? file)
    {
        _error = null;
        if (file is null)
        {
            return;
        }

        if (file.Size > MaxFileBytes)
        {
            _error = L["Import.TooLarge", MaxFileBytes / 1024 / 1024];
            return;
        }

        DeleteTempFile();
        _tempFile = Path.GetTempFileName();
        await using (var target = File.Create(_tempFile))
        {
            await using var source = file.OpenReadStream(MaxFileBytes);
            await source.CopyToAsync(target);
        }

        await using var read = File.OpenRead(_tempFile);
        try
        {
            _preview = await CsvPreview.ReadPreviewAsync(read, 5);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = L["Import.Unreadable", e.Message];
            return;
        }

        if (_preview.Headers.Count == 0)
        {
            _error = L["Import.NoHeader"];
            return;
        }

        _fileName = file.Name;
        _roles = RolesFrom(_preview.Suggested, _preview.Headers.Count);
        _step = ImportStep.Map;
    }

    private async Task ImportAsync()
    {
        var actor = await Actor.GetAsync();
        _cts = new CancellationTokenSource();
        _step = ImportStep.Running;
        var progress = new Progress<ImportProgress>(p => _ = InvokeAsync(() =>
        {
            _progress = p;
            StateHasChanged();
        }));
        await using (var input = File.OpenRead(_tempFile!))
        {
            _result = await Importer.ImportAsync(input, ToMapping(), new ImportOptions { Separator = _preview!.Separator, TotalBytes = input.Length },
                progress, actor.UserName, _cts.Token);
        }

        if (_result.Rejects.Count > 0)
        {
            using var csv = new MemoryStream();
            RejectsCsv.Write(csv, _result.Header, _result.Rejects, L);
            _rejectsHref = $"/recipients/rejects/{Rejects.Save(actor.UserId ?? "", csv.ToArray()).Id}";
        }

        DeleteTempFile();
        _step = ImportStep.Done;
    }

    private async Task CloseAsync()
    {
        await DisposeAsync();
        Dialog.Close(_result is null ? DialogResult.Cancel() : DialogResult.Ok(_result));
    }

    private IEnumerable<AttributeColumn> AttributeColumns() => _roles.Select((role, i) => (role, i))
        .Where(x => x.role == ColumnRole.Attribute)
        .Select(x => new AttributeColumn(x.i, AttributeKey(_preview!.Headers[x.i])));

    private static string AttributeKey(string header) =>
        (header.StartsWith(ColumnMapping.AttributePrefix, StringComparison.OrdinalIgnoreCase) ? header[ColumnMapping.AttributePrefix.Length..] : header).Trim();

    private ColumnMapping ToMapping()
    {
        int? IndexOf(ColumnRole role) => Array.IndexOf(_roles, role) is >= 0 and var i ? i : null;
        return new ColumnMapping
        {
            Phone = Array.IndexOf(_roles, ColumnRole.Phone),
            Name = IndexOf(ColumnRole.Name),
            Tags = IndexOf(ColumnRole.Tags),
            OptIn = IndexOf(ColumnRole.OptIn),
            Attributes = AttributeColumns().ToList(),
        };
    }

    private static ColumnRole[] RolesFrom(ColumnMapping suggested, int count)
    {
        var roles = new ColumnRole[count];
        foreach (var a in suggested.Attributes.Where(a => a.Index < count))
        {
            roles[a.Index] = ColumnRole.Attribute;
        }

        void Set(int? index, ColumnRole role)
        {
            if (index is >= 0 and var i && i < count)
            {
                roles[i] = role;
            }
        }

        Set(suggested.Phone, ColumnRole.Phone);
        Set(suggested.Name, ColumnRole.Name);
        Set(suggested.Tags, ColumnRole.Tags);
        Set(suggested.OptIn, ColumnRole.OptIn);
        return roles;
    }

    private void DeleteTempFile()
    {
        if (_tempFile is not null)
        {
            File.Delete(_tempFile);
            _tempFile = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _cts?.Cancel();
        _cts?.Dispose();
        _cts = null;
        if (_step != ImportStep.Running)
        {
            DeleteTempFile();
        }

        return ValueTask.CompletedTask;
    }
}
