//! db/definer-function-exposed: a SECURITY DEFINER function the Data API serves that
//! trusts a user, tenant or amount argument from its caller.

use crate::util::{finding, is_identity_column, is_tenant_column};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::names::{bare_parameter, is_amount_name, sensitive_column};
use shipgate_model::schema::Function;
use shipgate_model::{AppModel, Confidence, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// `SECURITY DEFINER` functions in the `public` schema that `anon` or `authenticated`
    /// may execute, and that take a user, tenant or amount argument (`p_user_id`,
    /// `org_id`, `amount`, `credits`) without ever reading who is calling: no
    /// `auth.uid()`, `auth.jwt()`, `auth.role()` or JWT claims in the body or in a project
    /// function it calls. Postgres lets `public` execute every new function and
    /// Supabase's default privileges grant `anon` and `authenticated` too, so a function
    /// counts as callable unless a `revoke execute ... from anon` (or `authenticated`)
    /// in the migrations takes it away. Trigger functions are not callable and are
    /// skipped.
    ///
    /// Critical when the body updates or deletes rows; high when it returns rows (a set, a
    /// table type, JSON) that may hold a credential, personal data (`email`, `phone`,
    /// `ip_address`), a copy of other rows (`old_values`) or what people wrote (a
    /// message, a note), or whose columns are not known; medium when the returned columns are known and hold none of these, when it
    /// only inserts (a forged log line), or when it returns one value (a yes/no, a count). A revoke from `public` is taken to end the API roles'
    /// default access too, as in a `pg_dump`, which lists every grant after it. When
    /// database types generated from the live database list a function from a later
    /// migration but not this one, it was never applied: the finding needs review
    /// (medium).
    ///
    /// Supabase's advisor flags every security-definer function `anon` or `authenticated`
    /// may execute (lints 0028 and 0029, WARN). This rule reports only those that trust a
    /// user, tenant or amount argument, so it rates them higher: critical and high.
    ///
    /// ## Why it matters
    /// Supabase serves every such function at `/rest/v1/rpc/<name>` to anyone holding the
    /// public anon key, and a definer function runs with its owner's rights, past row
    /// level security: whoever calls it picks the user, the tenant or the amount. One
    /// request mints credits for any account, or lists another tenant's rows.
    ///
    /// ## How to fix
    /// Derive the caller inside the function instead of taking it as an argument
    /// (`where user_id = auth.uid()`), or check the argument against it and raise; when
    /// only your server calls it, take it off the API and call it with the service role.
    ///
    /// ## Example
    /// ```sql
    /// -- flagged: anyone can add credits to any account
    /// create function public.grant_credits(p_user uuid, p_amount int) returns void
    /// language sql security definer set search_path = '' as $$
    ///   update public.wallets set credits = credits + p_amount where owner_id = p_user;
    /// $$;
    /// -- fixed: only the server may call it
    /// revoke execute on function public.grant_credits(uuid, int) from public, anon, authenticated;
    /// ```
    pub struct DefinerFunctionExposed {
        id: "db/definer-function-exposed",
        category: Db,
        severity: Critical,
        effort: Small,
        summary: "A SECURITY DEFINER function callable through the Data API that trusts a user, tenant or amount argument",
        problem: "anyone with the public key can call this privileged function with another user's ids or amounts",
    }
}

/// The names of the columns a function returns, when the signature lists them
/// (`returns table (...)`, `out` parameters) or names a table the migrations define.
fn returned_columns(model: &AppModel, f: &Function) -> Option<Vec<String>> {
    if !f.shape.out_columns.is_empty() {
        return Some(f.shape.out_columns.clone());
    }
    let named = f
        .shape
        .returns
        .strip_prefix("setof ")
        .unwrap_or(&f.shape.returns);
    let t = model
        .schema
        .table(named)
        .filter(|t| !t.columns.is_empty())?;
    Some(
        t.columns
            .iter()
            .map(|c| c.name.to_ascii_lowercase())
            .collect(),
    )
}

/// Whether the function, or a project function it calls (two levels down), reads who
/// is calling.
fn reads_caller(model: &AppModel, f: &Function, depth: u8) -> bool {
    f.shape.reads_caller
        || (depth > 0
            && f.shape.calls.iter().any(|c| {
                model
                    .schema
                    .functions
                    .iter()
                    .filter(|g| g.name.eq_ignore_ascii_case(c) && g.name != f.name)
                    .any(|g| reads_caller(model, g, depth - 1))
            }))
}

/// The arguments that pick a user, a tenant or an amount.
fn trusted_args(f: &Function) -> Vec<&str> {
    f.shape
        .args
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| {
            let bare = bare_parameter(name);
            is_identity_column(bare) || is_tenant_column(bare) || is_amount_name(bare)
        })
        .collect()
}

impl Rule for DefinerFunctionExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !super::supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let exposed: Vec<&Function> = model
            .schema
            .functions
            .iter()
            .filter(|f| f.security_definer && f.schema == "public")
            .filter(|f| !matches!(f.shape.returns.as_str(), "trigger" | "event_trigger"))
            .filter(|f| f.executable_by("anon") || f.executable_by("authenticated"))
            .collect();
        if exposed.is_empty() {
            return Outcome::not_applicable(
                "no security definer function in public that API users may execute",
            );
        }
        let mut findings = Vec::new();
        for f in &exposed {
            let args = trusted_args(f);
            if args.is_empty() || reads_caller(model, f, 2) {
                continue;
            }
            let who = if f.executable_by("anon") {
                "anyone with the public anon key"
            } else {
                "every signed-in user"
            };
            // A single value (a yes/no, a count) tells less than rows do.
            let rows = f.shape.returns.starts_with("setof ")
                || matches!(
                    f.shape.returns.as_str(),
                    "json" | "jsonb" | "record" | "table"
                )
                || f.shape.returns.contains('.');
            let (severity, does) = if f.shape.changes {
                (
                    Severity::Critical,
                    "changes rows for whichever one they name".to_string(),
                )
            } else if f.shape.writes {
                // New rows in someone's name (a log line, an event); nothing existing is
                // changed.
                (
                    Severity::Medium,
                    "adds rows in the name of whichever one they name".to_string(),
                )
            } else if rows {
                match returned_columns(model, f) {
                    Some(cols) => {
                        let telling: Vec<String> = cols
                            .iter()
                            .filter(|c| sensitive_column(c).is_some())
                            .map(|c| format!("`{c}`"))
                            .collect();
                        if telling.is_empty() {
                            // Rows, but none of the kind that hurts to leak.
                            (
                                Severity::Medium,
                                "reads rows of whichever one they name (none of the columns it returns holds a credential, personal data, a copy of other rows or what people wrote)"
                                    .to_string(),
                            )
                        } else {
                            (
                                Severity::High,
                                format!(
                                    "reads rows of whichever one they name, with {}",
                                    telling.join(", ")
                                ),
                            )
                        }
                    }
                    None => (
                        Severity::High,
                        "reads rows of whichever one they name".to_string(),
                    ),
                }
            } else {
                (
                    Severity::Medium,
                    "learns a value (a yes/no, a count) about whichever one they name".to_string(),
                )
            };
            let named: Vec<String> = args.iter().map(|a| format!("`{a}`")).collect();
            let mut out = finding(
                &Self::META,
                severity,
                format!(
                    "`{}.{}` is `security definer` (it runs with its owner's rights, past row level security) and {who} can call it at `/rest/v1/rpc/{}`; it takes {} from the caller and never reads who is calling (`auth.uid()`), so a caller {does}",
                    f.schema,
                    f.name,
                    f.name,
                    named.join(", "),
                ),
                Some(f.at),
                format!("function {}.{}", f.schema, f.name),
                format!(
                    "Derive the caller inside the function (`auth.uid()`) or check {} against it and raise; if only your server calls it, `revoke execute on function {}.{} from public, anon, authenticated` and call it with the service role.",
                    named.join(", "),
                    f.schema,
                    f.name
                ),
            );
            let qualified = format!("{}.{}", f.schema, f.name);
            // Types generated from the live database list its functions: one missing
            // there may never have been applied.
            if model.schema.function_absent_live(&qualified, f.at) {
                out = out.resting_on(
                    Confidence::Possible,
                    &[format!(
                        "whether `{qualified}` exists in the live database: the generated database types do not list it"
                    )],
                );
            }
            findings.push(out);
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} callable security definer function(s) check who is calling or take no user, tenant or amount",
                exposed.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::DefinerFunctionExposed::META.id);
    }
}
