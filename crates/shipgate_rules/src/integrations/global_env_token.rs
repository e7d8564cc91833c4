//! integrations/global-env-token: a signed-in user's route that reaches a third-party
//! workspace (ClickUp, HubSpot, Notion...) with one token from the environment.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, Route, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Routes for signed-in users that are about a third-party workspace tool (the path
    /// names the provider, or `integrations`) and whose handler, the helpers it calls or
    /// the client modules it imports read that provider's token or API key from the
    /// environment (`CLICKUP_API_TOKEN`, `HUBSPOT_ACCESS_TOKEN`, `GURU_API_TOKEN`,
    /// `NOTION_TOKEN`...). Providers: ClickUp, HubSpot, Salesforce, Pipedrive, Attio,
    /// Guru, Process Street, Notion, Confluence, Jira, Linear, Asana, Trello, Monday,
    /// Basecamp, Todoist, Airtable, Zoho, Dropbox, QuickBooks and Xero. Routes behind a
    /// role check (admins managing the company's own account), public routes, webhooks
    /// and cron jobs are left out, and so are OAuth client ids and secrets, which mean
    /// each customer connects their own account.
    ///
    /// ## Why it matters
    /// One env token is one account. Every customer who opens the integration sees and
    /// changes the same ClickUp workspace or HubSpot portal, the one the token belongs
    /// to: other customers' tasks and deals included. It also cannot be disconnected per
    /// customer.
    ///
    /// ## How to fix
    /// Let each customer connect their own account (OAuth, with `state` checked), store
    /// the tokens per user or organisation, and look the token up from the session. If
    /// the app really serves one company, restrict the route to its admins.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: every signed-in user gets the same workspace
    /// const res = await fetch('https://api.clickup.com/api/v2/team', {
    ///   headers: { Authorization: process.env.CLICKUP_API_TOKEN! },
    /// });
    /// // fixed: the token of the user's organisation
    /// const { access_token } = await getIntegration(session.orgId, 'clickup');
    /// ```
    pub struct GlobalEnvToken {
        id: "integrations/global-env-token",
        category: Integrations,
        severity: Medium,
        effort: Large,
        summary: "a user-facing route that calls a third-party API with one shared env token",
        problem: "every user acts through one shared third-party account",
    }
}

/// Workspace tools whose data belongs to each customer, as env-name words and a
/// display name.
const PROVIDERS: &[(&[&str], &str)] = &[
    (&["CLICKUP"], "ClickUp"),
    (&["HUBSPOT"], "HubSpot"),
    (&["SALESFORCE", "SFDC"], "Salesforce"),
    (&["PIPEDRIVE"], "Pipedrive"),
    (&["ATTIO"], "Attio"),
    (&["GURU"], "Guru"),
    (
        &["PROCESS_STREET", "PROCESSSTREET", "PROCESSST"],
        "Process Street",
    ),
    (&["NOTION"], "Notion"),
    (&["CONFLUENCE"], "Confluence"),
    (&["JIRA", "ATLASSIAN"], "Jira"),
    (&["LINEAR"], "Linear"),
    (&["ASANA"], "Asana"),
    (&["TRELLO"], "Trello"),
    (&["MONDAY"], "Monday"),
    (&["BASECAMP"], "Basecamp"),
    (&["TODOIST"], "Todoist"),
    (&["AIRTABLE"], "Airtable"),
    (&["ZOHO"], "Zoho"),
    (&["DROPBOX"], "Dropbox"),
    (&["QUICKBOOKS", "QBO"], "QuickBooks"),
    (&["XERO"], "Xero"),
];

/// The provider a credential env var belongs to: `CLICKUP_API_TOKEN` → ClickUp. OAuth
/// client credentials, webhook and signing secrets are not account tokens.
fn provider_token(name: &str) -> Option<(&'static str, &'static str)> {
    let upper = name.to_ascii_uppercase();
    let name = upper
        .strip_prefix("NEXT_PUBLIC_")
        .or_else(|| upper.strip_prefix("VITE_"))
        .unwrap_or(&upper);
    if ["CLIENT", "WEBHOOK", "SIGNING", "VERIFY"]
        .iter()
        .any(|w| name.contains(w))
    {
        return None;
    }
    let words: Vec<&str> = name.split('_').collect();
    let last = *words.last()?;
    if !matches!(last, "TOKEN" | "KEY" | "PAT" | "APIKEY" | "SECRET") {
        return None;
    }
    PROVIDERS.iter().find_map(|(keys, display)| {
        keys.iter()
            .find(|k| {
                let k_words: Vec<&str> = k.split('_').collect();
                words
                    .windows(k_words.len())
                    .any(|w| w == k_words.as_slice())
            })
            .map(|k| (*k, *display))
    })
}

/// The route's path is about this provider: `/api/clickup/tasks`, `/api/integrations/…`.
fn path_about(route: &Route, key: &str) -> bool {
    let path = route.path.to_ascii_lowercase();
    let key = key.to_ascii_lowercase();
    path.split(['/', '-', '_', '.'])
        .any(|seg| seg == "integrations" || seg == "integration")
        || path.replace(['-', '_'], "").contains(&key.replace('_', ""))
}

/// Signed-in users reach it, and nothing limits it to admins.
fn user_facing(route: &Route) -> bool {
    matches!(route.guard, Guard::InRoute | Guard::Middleware)
        && route.role_check.is_none()
        && route.intended_public.is_none()
}

impl Rule for GlobalEnvToken {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut calls = 0;
        for route in &model.routes {
            let Some((read, key, provider)) = route
                .facts
                .env_reads
                .iter()
                .find_map(|r| provider_token(&r.name).map(|(k, p)| (r, k, p)))
            else {
                continue;
            };
            calls += 1;
            if !user_facing(route) || !path_about(route, key) {
                continue;
            }
            findings.push(route_finding(
                &Self::META,
                Self::META.severity,
                route,
                format!(
                    "`{}` serves signed-in users from {provider} with one token from the environment (`{}`): every customer reaches the same {provider} account, the one the token belongs to",
                    route.entity(),
                    read.name
                ),
                read.at,
                format!(
                    "Let each customer connect their own {provider} account (OAuth with a checked `state`), store the tokens per user or organisation, and look the token up from the session; if only your team should use this, add a role check."
                ),
            ));
        }
        if calls == 0 {
            return Outcome::not_applicable(
                "no route reads a workspace tool's token (ClickUp, HubSpot, Notion...) from the environment",
            );
        }
        Outcome::from_findings(
            findings,
            format!(
                "{calls} route(s) use a workspace tool's env token behind an admin check, or outside a per-customer feature"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::provider_token;

    #[test]
    fn provider_tokens() {
        assert_eq!(
            provider_token("CLICKUP_API_TOKEN").map(|p| p.1),
            Some("ClickUp")
        );
        assert_eq!(
            provider_token("PROCESS_STREET_API_KEY").map(|p| p.1),
            Some("Process Street")
        );
        assert_eq!(
            provider_token("HUBSPOT_ACCESS_TOKEN").map(|p| p.1),
            Some("HubSpot")
        );
        assert_eq!(provider_token("NOTION_TOKEN").map(|p| p.1), Some("Notion"));
        assert_eq!(provider_token("HUBSPOT_CLIENT_SECRET"), None);
        assert_eq!(provider_token("LINEAR_WEBHOOK_SECRET"), None);
        assert_eq!(provider_token("NOTION_DATABASE_ID"), None);
        assert_eq!(provider_token("OPENAI_API_KEY"), None);
        // `LINEAR` must be a whole word.
        assert_eq!(provider_token("NONLINEAR_KEY"), None);
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::GlobalEnvToken::META.id);
    }
}
