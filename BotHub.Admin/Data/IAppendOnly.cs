namespace BotHub.Admin.Data;

/// <summary>An entity whose rows are only ever added: <see cref="AppDbContext"/> refuses to save a change or a delete of one.</summary>
public interface IAppendOnly;
