using JasperFx;
using Supervision.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddSupervisionHost();

var app = builder.Build();
app.UseSupervisionPipeline();

// JasperFx command line: `dotnet run -- db-apply`, `projections`, `describe`, `codegen write`, ...
return await app.RunJasperFxCommands(args);

public partial class Program;
