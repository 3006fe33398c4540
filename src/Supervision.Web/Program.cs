using JasperFx;
using Supervision.Web;

// `verify-package <zip>` checks an archival package offline: no configuration, no database, no host.
if (args is ["verify-package", ..]) return Supervision.Web.Integrity.VerifyPackageCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddSupervisionHost();

var app = builder.Build();
app.UseSupervisionPipeline();

// JasperFx command line: `dotnet run -- db-apply`, `projections`, `describe`, `codegen write`, ...
return await app.RunJasperFxCommands(args);

public partial class Program;
