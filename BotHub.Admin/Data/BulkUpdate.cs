using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BotHub.Admin.Data;

/// <summary>
/// One prepared UPDATE of the given columns by key, reused row after row on the context's connection and transaction
/// (the counterpart of <see cref="BulkInsert{T}"/>): columns and value conversions come from the EF model.
/// </summary>
public sealed class BulkUpdate<T> : IDisposable
    where T : class
{
    private readonly DbCommand _command;
    private readonly (IProperty Property, RelationalTypeMapping Mapping)[] _columns;
    private readonly DbParameter[] _parameters;
    private readonly DbParameter? _guard;

    /// <param name="properties">The columns to write; the last parameter is the key.</param>
    /// <param name="guard">A column whose stored value must equal the one given to <see cref="Update"/>, or the row is not written.</param>
    public BulkUpdate(AppDbContext db, IReadOnlyList<string> properties, string key, string? guard = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(properties);
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _columns = properties.Append(key).Select(name =>
        {
            var p = entity.FindProperty(name) ?? throw new InvalidOperationException($"{typeof(T).Name}.{name} is not mapped.");
            return (p, p.GetRelationalTypeMapping());
        }).ToArray();
        var sets = string.Join(", ", _columns[..^1].Select((c, i) => $"\"{c.Property.GetColumnName(table)}\" = @p{i}"));
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.CommandText = $"UPDATE \"{table.Name}\" SET {sets} WHERE \"{_columns[^1].Property.GetColumnName(table)}\" = @p{_columns.Length - 1}"
            + (guard is null ? "" : $" AND \"{(entity.FindProperty(guard) ?? throw new InvalidOperationException($"{typeof(T).Name}.{guard} is not mapped.")).GetColumnName(table)}\" = @guard");
        _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk updates run inside a transaction.");
        _parameters = _columns.Select((c, i) => c.Mapping.CreateParameter(_command, "@p" + i, null, nullable: true)).ToArray();
        _command.Parameters.AddRange(_parameters);
        if (guard is not null)
        {
            _guard = _command.CreateParameter();
            _guard.ParameterName = "@guard";
            _command.Parameters.Add(_guard);
        }
    }

    /// <param name="expected">With a guard column: the value it must hold for the row to be written.</param>
    /// <returns>Whether the row was there (and held the guard's value).</returns>
    public bool Update(T row, object? expected = null)
    {
        if (_guard is not null)
        {
            _guard.Value = expected ?? DBNull.Value;
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            var (property, mapping) = _columns[i];
            var value = property.GetGetter().GetClrValue(row);
            _parameters[i].Value = (value is null ? null : mapping.Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
        }

        return _command.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _command.Dispose();
}
