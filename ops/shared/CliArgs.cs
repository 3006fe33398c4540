// Shared by the ops tools (ops/bench, ops/faults): "--key value" command-line arguments.
sealed class Args(Dictionary<string, string> d)
{
    public static Args Parse(string[] args)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) d[args[i].TrimStart('-')] = args[i + 1];
        return new Args(d);
    }
    public string Get(string k, string? def = null) => d.TryGetValue(k, out var v) ? v : def ?? throw new ArgumentException($"--{k} is required");
    public int Int(string k, int def) => d.TryGetValue(k, out var v) ? int.Parse(v) : def;
    public long Long(string k, long def) => d.TryGetValue(k, out var v) ? long.Parse(v) : def;
}
