using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate budgets list|show|create|update|delete|topup</c>: a running gateway's budgets through its admin API
/// (<c>/admin/budgets</c>): those of the configuration file and those made through the API, with where each stands
/// (spent, reserved, remaining, when it resets). Every failure is one line on standard error and a non-zero exit: 2
/// for what the user typed, 1 for the rest.
/// </summary>
internal static class BudgetsCommand
{
    public static Command Create()
    {
        var command = new Command("budgets", "List, show, create, change, delete and top up the budgets of a running gateway.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(CreateBudget());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Delete());
        command.Subcommands.Add(TopUp());
        return command;
    }

    private static Command List()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var format = Format();
        var command = new Command("list", "List every budget in force (GET /admin/budgets) with its spend, reservations, what remains and when it resets.") { format, gateway, adminKey };
        command.SetAction((parse, cancellationToken) => ShowAsync(HttpMethod.Get, "admin/budgets", null, parse, gateway, adminKey, parse.GetValue(format)!, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var format = Format();
        var id = Id();
        var command = new Command("show", "Show one budget (GET /admin/budgets/ID).") { id, format, gateway, adminKey };
        command.SetAction((parse, cancellationToken) => ShowAsync(HttpMethod.Get, Route(parse.GetValue(id)!), null, parse, gateway, adminKey, parse.GetValue(format)!, cancellationToken));
        return command;
    }

    private static Command CreateBudget()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var id = Id();
        var fields = new BudgetFields();
        var command = new Command("create", "Create a budget (POST /admin/budgets); one of the configuration file's ids overrides that budget until deleted.") { id, gateway, adminKey };
        foreach (var option in fields.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (fields.Body(parse, parse.GetValue(id)!, null) is not { } body)
            {
                return 2;
            }

            return await ShowAsync(HttpMethod.Post, "admin/budgets", body, parse, gateway, adminKey, "table", cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Update()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var id = Id();
        var fields = new BudgetFields();
        var block = new Option<bool>("--block") { Description = "Refuse requests past the limit again (402), undoing --no-block." };
        var command = new Command("update", "Change a budget (PUT /admin/budgets/ID): the options given replace those fields, the others keep their values.") { id, block, gateway, adminKey };
        foreach (var option in fields.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var budgetId = parse.GetValue(id)!;
            var (exitCode, current) = await AdminApi.SendAsync(HttpMethod.Get, Route(budgetId), parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return exitCode;
            }

            string? body;
            using (current)
            {
                body = fields.Body(parse, budgetId, current.RootElement.GetProperty("budget"), parse.GetValue(block));
            }

            if (body is null)
            {
                return 2;
            }

            return await ShowAsync(HttpMethod.Put, Route(budgetId), body, parse, gateway, adminKey, "table", cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Delete()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var id = Id();
        var command = new Command("delete", "Delete a budget made through the admin API (DELETE /admin/budgets/ID); a configuration file's budget of the same id applies again.") { id, gateway, adminKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var budgetId = parse.GetValue(id)!;
            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Delete, Route(budgetId), parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (exitCode == 0)
            {
                answer?.Dispose();
                Console.WriteLine($"Deleted budget {budgetId}.");
            }

            return exitCode;
        });
        return command;
    }

    private static Command TopUp()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var id = Id();
        var usd = new Option<decimal>("--usd") { Description = "US dollars to add to the prepaid credit (a budget of period none).", Required = true };
        var command = new Command("topup", "Add to a prepaid credit (POST /admin/budgets/ID/topup).") { id, usd, gateway, adminKey };
        command.SetAction((parse, cancellationToken) =>
        {
            var body = "{\"amount_usd\":" + parse.GetValue(usd).ToString(CultureInfo.InvariantCulture) + "}";
            return ShowAsync(HttpMethod.Post, Route(parse.GetValue(id)!) + "/topup", body, parse, gateway, adminKey, "table", cancellationToken);
        });
        return command;
    }

    private static async Task<int> ShowAsync(HttpMethod method, string path, string? body, ParseResult parse, Option<string> gateway, Option<string?> adminKey, string format, CancellationToken cancellationToken)
    {
        var (exitCode, answer) = await AdminApi.SendAsync(method, path, body, parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            using (answer)
            {
                BudgetTable.Write(answer, format);
            }
        }

        return exitCode;
    }

    private static Argument<string> Id() => new("ID") { Description = "The budget's id." };

    private static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "table for people, json for scripts (the body /admin/budgets answers).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static string Route(string id) => "admin/budgets/" + Uri.EscapeDataString(id);
}
