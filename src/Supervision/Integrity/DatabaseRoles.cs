namespace Supervision.Integrity;

/// <summary>
/// The app's database role (issue 15, R24): it may read and append events and their hashes, but never change or remove them.
/// The owner role (which creates the schema: <c>db-apply</c>, the ops scripts) runs <see cref="GrantSql"/> after every schema
/// change; the app then connects as <c>role</c>. PostgreSQL lets only a table's owner (or a superuser) disable its triggers,
/// alter it or drop it, so the app's role cannot switch the hash trigger off either.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>The tables the app may only read and append to.</summary>
    public static readonly string[] AppendOnly = ["mt_events", EventHashChain.TableName, Sm3Chain.TableName];

    /// <summary>
    /// Grants for the app's role on one schema: full DML on Marten's documents, Wolverine's tables and the app's own tables
    /// (they are rewritten by design), SELECT and INSERT only on the events and both hash tables (the trigger and the SM3
    /// sealer run with the app's rights), sequences and functions (Marten's append function runs with the caller's rights).
    /// Idempotent; run as the owner after the schema is applied.
    /// </summary>
    public static string GrantSql(string schema, string role)
    {
        static string Q(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
        var r = Q(role);
        var s = Q(schema);
        var appendOnly = string.Join(", ", AppendOnly.Select(t => $"{s}.{Q(t)}"));
        return $"""
            grant usage on schema {s} to {r};
            grant select, insert, update, delete on all tables in schema {s} to {r};
            revoke update, delete, truncate, references, trigger on {appendOnly} from {r};
            grant usage, select, update on all sequences in schema {s} to {r};
            grant execute on all functions in schema {s} to {r};
            """;
    }
}
