using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Supervision.Web.OpenApi;

/// <summary>
/// Turns the generated OpenAPI document into what integrators read (issue 14 §4): each operation's Chinese and English
/// summary (<see cref="ApiOperations"/>), feature tags with descriptions, the RFC 7807 problems it can answer, and 201 with
/// <c>Location</c> for creations; the document's own description, contact, licence and server.
/// </summary>
public static class ApiDescriptionTransformers
{
    private const string Problem = "ProblemDetails";

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer(ApiGlossary.Describe);
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var document = context.Document!;
            EnsureProblemSchema(document);
            var method = context.Description.HttpMethod ?? "GET";
            var path = "/" + (context.Description.RelativePath ?? "");
            if (operation.OperationId is { } id && ApiOperations.Operations.TryGetValue(id, out var entry))
            {
                operation.Summary = $"{entry.Zh} / {entry.En}";
                operation.Description = $"{entry.Zh}。规则、角色与错误代码见 docs/api.md。\n\n{entry.En}. Rules, roles and problem codes: docs/api.md.";
                if (entry.Created is { } created) await AnswerCreated(operation, context, document, created, ct);
                else await DescribeAnswer(operation, context, document, entry, ct);
            }
            if (operation.Tags?.FirstOrDefault()?.Name is { } handler && TagOf(handler) is { } tag)
                operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };
            AddProblems(operation, document, method, path);
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Description = "新疆维吾尔自治区档案监督执法案件系统的接口：监督检查、责令限期改正、投诉举报、行政处罚、移送与执法文书。"
                + "所有错误均以 RFC 7807 问题详情（application/problem+json）中英文答复。\n\n"
                + "The API of the archives supervision and enforcement case system: inspections, rectifications, complaints, sanction cases, "
                + "referrals and enforcement documents. Every refusal is an RFC 7807 problem (application/problem+json) in Chinese and English.";
            document.Info.Version = "1";
            document.Info.Contact = new OpenApiContact { Name = "档案监督执法案件系统 / Supervision system team", Email = "supervision@example.invalid" };
            document.Info.License = new OpenApiLicense { Name = "内部使用 / Internal use", Url = new Uri("https://supervision.local/license") };
            document.Servers = [new OpenApiServer { Url = "/", Description = "本系统 / This system" }];
            document.Tags = new HashSet<OpenApiTag>(ApiOperations.Tags.Values.Where(t => t.Description.Length > 0)
                .Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
            EnsureProblemSchema(document);
            document.Components?.Schemas?.Remove("IResult"); // left behind by the IResult handlers, whose answers the catalogue types
            return Task.CompletedTask;
        });
    }

    /// <summary>The feature tag of an endpoint class (e.g. <c>Supervision.Documents.CaseFilePdf</c> → 案卷), by its namespace.</summary>
    public static string? TagOf(string handlerType)
    {
        var name = handlerType.StartsWith("Supervision.", StringComparison.Ordinal) ? handlerType["Supervision.".Length..] : handlerType;
        return ApiOperations.Tags.Where(t => name.StartsWith(t.Key + ".", StringComparison.Ordinal))
            .OrderByDescending(t => t.Key.Length).Select(t => t.Value.Name).FirstOrDefault();
    }

    private static async Task AnswerCreated(OpenApiOperation operation, OpenApiOperationTransformerContext context, OpenApiDocument document, Type created,
        CancellationToken ct)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.Remove("200");
        var response = new OpenApiResponse
        {
            Description = "已创建 / Created",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Location"] = new OpenApiHeader
                {
                    Description = "新资源的地址 / The address of what was created",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                },
            },
        };
        IOpenApiSchema schema = new OpenApiSchema { Type = JsonSchemaType.Object };
        if (created != typeof(object)) schema = await SchemaOf(context, document, created, ct);
        response.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } };
        operation.Responses["201"] = response;
    }

    /// <summary>The body of an operation whose handler answers an <c>IResult</c>: its type, its media, or none (204).</summary>
    private static async Task DescribeAnswer(OpenApiOperation operation, OpenApiOperationTransformerContext context, OpenApiDocument document,
        ApiOperations.Entry entry, CancellationToken ct)
    {
        if (entry is { Returns: null, Media: null, Status: 200 } || operation.Responses is null) return;
        operation.Responses.Remove("200");
        if (entry.Status == 204)
        {
            operation.Responses["204"] = new OpenApiResponse { Description = "完成，无内容 / Done, no content" };
            return;
        }
        var content = new Dictionary<string, OpenApiMediaType>();
        if (entry.Media is { } media)
            content[media] = new OpenApiMediaType
            {
                Schema = media == "application/json"
                    ? new OpenApiSchema { Type = JsonSchemaType.Object, Description = "JSON 文件下载 / A JSON file to download" }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = media.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" },
            };
        else if (entry.Returns is { } type)
            content["application/json"] = new OpenApiMediaType { Schema = await SchemaOf(context, document, type, ct) };
        operation.Responses[entry.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = entry.Status == 202 ? "已受理，经发件箱送出 / Accepted, sent through the outbox" : "成功 / OK",
            Content = content,
        };
    }

    private static async Task<IOpenApiSchema> SchemaOf(OpenApiOperationTransformerContext context, OpenApiDocument document, Type type, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
        if (type.IsGenericType) return schema; // a list: its items refer to the element's component
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>The problems an operation can answer, each an RFC 7807 body: bad input, no login, no right, unknown, stale, refused.</summary>
    private static void AddProblems(OpenApiOperation operation, OpenApiDocument document, string method, string path)
    {
        operation.Responses ??= new OpenApiResponses();
        var isPublic = path.StartsWith("/api/public/", StringComparison.Ordinal) || path is "/api/auth/token"
            || path.EndsWith("/verify", StringComparison.Ordinal);
        var write = method is "POST" or "PUT";
        var problems = new List<(string Status, string Text)> { ("400", "输入无效 / Invalid input") };
        if (!isPublic) problems.Add(("401", "未登录或令牌无效 / Not logged in or the token is invalid"));
        if (!isPublic) problems.Add(("403", "当前角色或辖区无权执行 / The role or jurisdiction may not do this"));
        problems.Add(("404", "不存在或不在本辖区 / Not found, or outside the jurisdiction"));
        if (write) problems.Add(("409", "案件已被他人更改，请刷新 / The case changed meanwhile (stale version)"));
        if (write) problems.Add(("422", "不符合办案规则 / Refused by a procedural rule"));
        if (path.StartsWith("/api/files", StringComparison.Ordinal) || path.StartsWith("/api/uploads", StringComparison.Ordinal))
        {
            problems.Add(("413", "文件过大 / The file is too large"));
            if (write) problems.Add(("415", "文件类型不允许 / The file type is not allowed"));
        }
        if (isPublic) problems.Add(("429", "请求过于频繁 / Too many requests"));
        foreach (var (status, text) in problems)
            operation.Responses[status] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(Problem, document) } },
            };
    }

    private static void EnsureProblemSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(Problem)) return;
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        document.Components.Schemas[Problem] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 7807 问题详情，中英文 / An RFC 7807 problem, in Chinese and English",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("问题类型的地址 / The problem type's URI"),
                ["title"] = Text("标题（中文 / English） / Title"),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "HTTP 状态码 / HTTP status" },
                ["detail"] = Text("说明（中文 (English)） / Detail in both languages"),
                ["code"] = Text("机器可读的错误代码，如 not_served / Machine-readable code, e.g. not_served"),
                ["detail_zh"] = Text("中文说明 / Detail in Chinese"),
                ["detail_en"] = Text("英文说明 / Detail in English"),
                ["field"] = Text("出错的字段（如有） / The field at fault, if any"),
                ["correlationId"] = Text("关联编号，用于查日志 / Correlation id for the logs"),
            },
            Required = new HashSet<string> { "type", "title", "status" },
        };
    }
}
