// Issue 18 §1: the command path against the same work done by hand in SQL (ops/bench/floor).
//   statements --url U --cs C --out DIR [--n 40] [--stats-sql ops/bench/floor/stats.sql]
//       what the system sends to PostgreSQL per command: for each command of the mix, pg_stat_statements reset, n commands
//       one after the other, 1.5 s for the async daemon to project them, then the statistics written to DIR/system-<kind>.tsv;
//       and the same window with no command (DIR/system-idle.tsv: the daemon's and Wolverine's polling, subtracted in the report).
// The floor's side (pgbench, the same statistics per script) is written by ops/bench.sh to DIR/floor-<kind>.tsv.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

static class Statements
{
    public static async Task Run(Args a, Action<string, object> emit)
    {
        var api = new Api(a.Get("url"));
        var n = a.Int("n", 40);
        var dir = a.Get("out"); Directory.CreateDirectory(dir);
        var statsSql = File.ReadAllText(a.Get("stats-sql", "ops/bench/floor/stats.sql"));
        await using var db = NpgsqlDataSource.Create(a.Get("cs"));
        await Load.Init(api);
        var w = await Load.NewWorker(api);
        // Warm-up: every command a few times, so the app's code is compiled and Npgsql has prepared its statements.
        await Load.Prepare(api, 3, 1);
        foreach (var kind in Load.Kinds) for (var i = 0; i < 3; i++) await Load.KindCommand(api, w, kind);

        async Task Window(string name, int commands, Func<Task> work)
        {
            await using (var c = db.CreateCommand("select pg_stat_statements_reset()")) await c.ExecuteNonQueryAsync();
            var t = Stopwatch.StartNew();
            await work();
            await Task.Delay(1500); // the async daemon polls every 100 ms: its projection of these events is counted in
            var seconds = t.Elapsed.TotalSeconds;
            var sb = new StringBuilder($"#\t{seconds.ToString("0.###", CultureInfo.InvariantCulture)}\t{commands}\n");
            await using (var c = db.CreateCommand(statsSql))
            await using (var r = await c.ExecuteReaderAsync())
                while (await r.ReadAsync())
                    sb.Append(string.Join('\t', Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)))).Append('\n');
            await File.WriteAllTextAsync(Path.Combine(dir, $"system-{name}.tsv"), sb.ToString());
            Console.WriteLine($"  [statements] {name}: {commands} commands in {seconds:0.00} s");
        }

        // The idle window: what the app sends with no command (the daemon's and Wolverine's polling), after the background
        // work the warm-up left (a document's PDF, the projection of the warm-up's events) has settled.
        await Task.Delay(3000);
        await Window("idle", 0, () => Task.Delay(4000));
        foreach (var kind in Load.Kinds)
        {
            // The planned or started inspections the window will use, made before it.
            if (kind == "start") await Load.Prepare(api, n, 0);
            if (kind == "hazard") await Load.Prepare(api, 0, n / 8 + 2);
            var errors = 0;
            await Window(kind, n, async () =>
            {
                for (var i = 0; i < n; i++) if (await Load.KindCommand(api, w, kind) is < 200 or > 299) errors++;
            });
            emit($"statements_{kind}_errors", errors);
        }
        emit("statements_n", n);
    }
}

/// <summary>The floor's figures and the statement comparison in the report (docs/benchmarks.md).</summary>
static class FloorReport
{
    public record Kind(string Name, string Script, string Label, int Weight);

    /// <summary>The commands of the mix, their floor scripts and their weight in the mix (per 40 commands of a connection).</summary>
    public static readonly Kind[] Kinds =
    [
        new("plan", "plan_inspection", "plan inspection (`POST /api/inspections`)", 1),
        new("start", "start_inspection", "start inspection (`…/start`)", 1),
        new("hazard", "record_hazard", "record hazard (`…/hazards`, 2 streams)", 8),
        new("correction", "correction_report", "correction report (`…/correction-reports`)", 20),
        new("complaint", "register_complaint", "register complaint (`POST /api/complaints`)", 10),
    ];

    /// <summary>One pg_stat_statements dump: window length, units of work, and per statement (top level, calls, rows, total ms).</summary>
    sealed record Dump(double Seconds, int Units, List<(bool Top, long Calls, long Rows, double Ms, string Query)> Rows);

    static Dump? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith('#')) return null;
        var head = lines[0].Split('\t');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t', 5))
            .Where(f => f.Length == 5)
            .Select(f => (f[0] is "t" or "True" or "true", long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture), f[4]))
            .ToList();
        return new Dump(double.Parse(head[1], CultureInfo.InvariantCulture), int.Parse(head[2], CultureInfo.InvariantCulture), rows);
    }

    /// <summary>The schema names taken out, so the system's and the floor's statements read alike.</summary>
    static string Normal(string q) => q.Replace("\"bench\".", "").Replace("bench.", "").Replace("floor.", "").Trim();

    static string Cut(string q, int max = 110) => (q.Length <= max ? q : q[..max] + "…").Replace("|", "\\|");

    /// <summary>Statements per unit of work, the idle window's polling subtracted (per second of the window).</summary>
    static List<(bool Top, string Query, double Calls, double RowsPerCall, double MeanMs)> PerUnit(Dump d, Dump? idle)
    {
        var idleRate = (idle?.Rows ?? []).GroupBy(r => (r.Top, Normal(r.Query)))
            .ToDictionary(g => g.Key, g => (Calls: g.Sum(r => r.Calls) / idle!.Seconds, Ms: g.Sum(r => r.Ms) / idle.Seconds));
        return d.Rows.GroupBy(r => (r.Top, Normal(r.Query))).Select(g =>
            {
                var calls = (double)g.Sum(r => r.Calls); var rows = (double)g.Sum(r => r.Rows); var ms = g.Sum(r => r.Ms);
                var mean = calls > 0 ? ms / calls : 0;
                if (idleRate.TryGetValue(g.Key, out var i)) calls -= i.Calls * d.Seconds;
                return (g.Key.Top, g.Key.Item2, Calls: calls / d.Units, RowsPerCall: g.Sum(r => r.Calls) > 0 ? rows / g.Sum(r => r.Calls) : 0, MeanMs: mean);
            })
            .Where(r => r.Calls >= 0.05)
            .OrderByDescending(r => r.Top).ThenByDescending(r => r.Calls * r.MeanMs).ToList();
    }

    /// <summary>Session resets (Npgsql's pooled-connection reset is one round trip of seven statements, counted once).</summary>
    static bool IsResetPart(string q) => q is "RESET ALL" or "CLOSE ALL" or "UNLISTEN *" or "SELECT pg_advisory_unlock_all()" or "DISCARD SEQUENCES" or "DISCARD TEMP";

    public static string Section(Func<string, double> D, Func<string, string> S, string statsDir)
    {
        string F(double d, string fmt = "N0") => double.IsNaN(d) || double.IsInfinity(d) ? "n/a" : d.ToString(fmt, CultureInfo.InvariantCulture);
        string R(double x, double y) => double.IsNaN(x) || double.IsNaN(y) || y == 0 ? "n/a" : (x / y).ToString("0.00", CultureInfo.InvariantCulture);
        // The floor's rate: the mean of the runs before and after the HTTP load (both shown, so a drifting machine shows).
        double Floor(string k, int c) => new[] { D($"floor_{k}_{c}_a_tps"), D($"floor_{k}_{c}_b_tps") }.Where(x => !double.IsNaN(x)) is var xs && xs.Any() ? xs.Average() : double.NaN;
        double FloorCpu(string k, int c, string side) => new[] { D($"floor_{k}_{c}_a_cpu_{side}_ms"), D($"floor_{k}_{c}_b_cpu_{side}_ms") }.Where(x => !double.IsNaN(x)) is var xs && xs.Any() ? xs.Average() : double.NaN;
        var md = new StringBuilder();
        md.AppendLine("## The command path against its floor (issue 18 §1)");
        md.AppendLine();
        md.AppendLine("The floor of a command is the same durable work written by hand in SQL and run by pgbench (`ops/bench/floor/*.sql`, `-M prepared`, one");
        md.AppendLine("transaction per command, tables of the same shape in schema `floor`: indexes, the hash-chain trigger, the foreign key, counters,");
        md.AppendLine("Wolverine's scheduled-clock rows, real payloads; `ops/bench/floor/README.md`). Floor runs before (a) and after (b) the HTTP load; the");
        md.AppendLine("ratio uses their mean. The system's rate per command kind is the HTTP load sending only that command. CPU per unit: system = app +");
        md.AppendLine("PostgreSQL + load client per command; floor = PostgreSQL + pgbench per transaction.");
        md.AppendLine();
        md.AppendLine("| command | conns | floor tx/s (a / b) | system cmd/s | system ÷ floor | CPU ms floor (PostgreSQL + pgbench) | CPU ms system (app + PostgreSQL + client) | system CPU ÷ floor CPU |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in new[] { 4, 8 })
        {
            foreach (var k in Kinds)
            {
                var fl = Floor(k.Name, c); var sys = D($"httpk_{k.Name}_{c}_rate");
                var fcpu = FloorCpu(k.Name, c, "pg") + FloorCpu(k.Name, c, "client");
                var scpu = D($"httpk_{k.Name}_{c}_cpu_app_ms") + D($"httpk_{k.Name}_{c}_cpu_pg_ms") + D($"httpk_{k.Name}_{c}_cpu_client_ms");
                md.AppendLine($"| {k.Label} | {c} | {F(fl)} ({F(D($"floor_{k.Name}_{c}_a_tps"))} / {F(D($"floor_{k.Name}_{c}_b_tps"))}) | {F(sys)} | {R(sys, fl)} | " +
                              $"{F(FloorCpu(k.Name, c, "pg"), "0.00")} + {F(FloorCpu(k.Name, c, "client"), "0.00")} | " +
                              $"{F(D($"httpk_{k.Name}_{c}_cpu_app_ms"), "0.00")} + {F(D($"httpk_{k.Name}_{c}_cpu_pg_ms"), "0.00")} + {F(D($"httpk_{k.Name}_{c}_cpu_client_ms"), "0.00")} | {R(scpu, fcpu)} |");
            }
            var fm = Floor("mix", c); var sm = D($"http_{c}_rate");
            var fmcpu = FloorCpu("mix", c, "pg") + FloorCpu("mix", c, "client");
            var smcpu = D($"http_{c}_cpu_app_ms") + D($"http_{c}_cpu_pg_ms") + D($"http_{c}_cpu_client_ms");
            md.AppendLine($"| **the mix** (weights {string.Join(" : ", Kinds.Select(k => k.Weight))}) | {c} | {F(fm)} ({F(D($"floor_mix_{c}_a_tps"))} / {F(D($"floor_mix_{c}_b_tps"))}) | {F(sm)} | **{R(sm, fm)}** | " +
                          $"{F(FloorCpu("mix", c, "pg"), "0.00")} + {F(FloorCpu("mix", c, "client"), "0.00")} | " +
                          $"{F(D($"http_{c}_cpu_app_ms"), "0.00")} + {F(D($"http_{c}_cpu_pg_ms"), "0.00")} + {F(D($"http_{c}_cpu_client_ms"), "0.00")} | {R(smcpu, fmcpu)} |");
        }
        md.AppendLine();
        var refills = string.Join(", ", Kinds.SelectMany(k => new[] { 4, 8 }.Select(c => (k, c, v: D($"httpk_{k.Name}_{c}_refills"))))
            .Where(x => x.v > 0).Select(x => $"{x.k.Name} at {x.c}: {F(x.v)}"));
        if (refills.Length > 0)
            md.AppendLine($"Inspections a single-kind phase had to plan itself, outside the count (its queue ran empty): {refills}.").AppendLine();
        md.AppendLine($"Machine load (1-minute load average) at the floor runs before / after the HTTP load: {S("floor_loadavg_a")} / {S("floor_loadavg_b")}.");
        md.AppendLine();
        md.AppendLine($"Plans (`ops/bench/floor/explain.sql`, generic plans of the prepared statements): the floor's statement uses the same scan and write " +
                      $"nodes (type, table, index) as the system's in {S("floor_plans_same")} pairs; differing: {(S("floor_plans_differ") is "" or "n/a" ? "none" : S("floor_plans_differ"))} " +
                      "(the plans are in `.data/bench/floor-stats/plans`).");
        md.AppendLine();

        // What each side sends per command: pg_stat_statements, one command (or transaction) at a time.
        var idle = Read(Path.Combine(statsDir, "system-idle.tsv"));
        md.AppendLine("### Statements per command: the system against its floor");
        md.AppendLine();
        md.AppendLine($"`pg_stat_statements` (track = all: statements inside functions and triggers are listed too, marked ↳) around {S("statements_n")} commands");
        md.AppendLine("of each kind sent one after the other (system: over HTTP, plus 1.5 s for the async daemon; floor: pgbench, 1 client, the same number");
        md.AppendLine("of warm transactions). The app's idle polling (measured in a window without commands) is subtracted per second. calls = per command;");
        md.AppendLine("rows = per call; ms = mean execution time of one call on the server (the machine is shared: compare within one run). The floor's");
        md.AppendLine("BEGIN and END are not listed (pgbench sends them prepared, and pg_stat_statements does not count prepared utility statements):");
        md.AppendLine("add 2 to its top-level statements. The system's BEGIN/COMMIT include those of the async daemon's transactions.");
        md.AppendLine();
        foreach (var k in Kinds)
        {
            var sys = Read(Path.Combine(statsDir, $"system-{k.Name}.tsv")); var fl = Read(Path.Combine(statsDir, $"floor-{k.Name}.tsv"));
            md.AppendLine($"#### {k.Label}");
            md.AppendLine();
            if (sys is null || fl is null) { md.AppendLine("(not measured in this run)").AppendLine(); continue; }
            // The floor's window also holds the app's background statements (it runs idle beside pgbench): only the
            // floor's own are kept (its tables, pgbench's BEGIN/END, the index expression's function).
            var s = PerUnit(sys, idle);
            var f = PerUnit(fl with { Rows = fl.Rows.Where(r => r.Query.Contains("floor") || r.Query is "BEGIN" or "END" || (!r.Top && r.Query.StartsWith("select value::"))).ToList() }, null);
            string Summary(List<(bool Top, string Query, double Calls, double RowsPerCall, double MeanMs)> xs) =>
                $"{F(xs.Where(x => x.Top && !IsResetPart(x.Query)).Sum(x => x.Calls), "0.0")} top-level statements " +
                $"({F(xs.Where(x => x.Query == "SET SESSION AUTHORIZATION DEFAULT").Sum(x => x.Calls), "0.0")} of them pooled-connection resets of 7 statements each), " +
                $"{F(xs.Where(x => !x.Top).Sum(x => x.Calls), "0.0")} nested, {F(xs.Where(x => x.Top).Sum(x => x.Calls * x.MeanMs), "0.00")} ms of execution per command";
            md.AppendLine($"- system: {Summary(s)}");
            md.AppendLine($"- floor: {Summary(f)}");
            md.AppendLine();
            md.AppendLine("| side | statement | calls | rows | ms |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var (side, xs) in new[] { ("system", s), ("floor", f) })
                foreach (var x in xs.Where(x => !IsResetPart(x.Query)))
                    md.AppendLine($"| {side} | {(x.Top ? "" : "↳ ")}`{Cut(x.Query)}` | {F(x.Calls, "0.00")} | {F(x.RowsPerCall, "0.0")} | {F(x.MeanMs, "0.000")} |");
            md.AppendLine();
        }
        return md.ToString();
    }
}
