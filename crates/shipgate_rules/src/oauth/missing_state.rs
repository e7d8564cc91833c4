//! oauth/missing-state: an OAuth callback that exchanges `code` without checking `state`.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, StateHandling};

declare_rule! {
    /// ## What it checks
    /// Routes that read `code` from the query string and exchange it for tokens (a call
    /// to a token endpoint such as `https://oauth2.googleapis.com/token`, an SDK's
    /// `getToken(code)`, or a helper the code is passed to). The callback must check
    /// `state` against something the app stored when it started the flow: a cookie
    /// (`oauth_state`, a PKCE verifier), a row or cache entry looked up by the state, or
    /// a helper that verifies it. Reported:
    /// - callbacks that never read `state`;
    /// - callbacks that read it but compare it with nothing;
    /// - callbacks that decode it (`JSON.parse(Buffer.from(state, 'base64'))`, `atob`,
    ///   `jwt.decode`) and use what it says, such as a user id, instead of comparing it.
    ///
    /// Supabase Auth's `exchangeCodeForSession` is left out: the library keeps the PKCE
    /// verifier and checks it.
    ///
    /// ## Why it matters
    /// Without a state check, an attacker starts the flow with their own account, stops
    /// at the callback, and sends the link to a victim: the victim's workspace gets
    /// connected to the attacker's Google Drive, Slack or GitHub (login CSRF). When
    /// `state` carries the user id, anyone can attach their tokens to anyone's account.
    ///
    /// ## How to fix
    /// Generate a random state when starting the flow, store it in an HttpOnly cookie (or
    /// server-side with the user id), and in the callback reject the request unless the
    /// query's `state` equals the stored one. Take the user from the session, never from
    /// `state`.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const { userId } = JSON.parse(Buffer.from(searchParams.get("state")!, "base64").toString());
    /// // fixed
    /// const state = searchParams.get("state");
    /// if (!state || state !== cookies().get("oauth_state")?.value) return new Response("invalid state", { status: 400 });
    /// ```
    pub struct MissingState {
        id: "oauth/missing-state",
        category: Integrations,
        severity: Critical,
        effort: Medium,
        summary: "an OAuth callback that exchanges `code` without checking `state`",
        problem: "an attacker can link their account into a victim's session (no OAuth state)",
    }
}

impl Rule for MissingState {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.oauth_callbacks.is_empty() {
            return Outcome::not_applicable("no OAuth callbacks that exchange a code");
        }
        let mut findings = Vec::new();
        let mut checked = Vec::new();
        for cb in &model.oauth_callbacks {
            let (problem, extra) = match &cb.state {
                StateHandling::Checked { how } => {
                    checked.push(format!("`{}` ({how})", cb.route));
                    continue;
                }
                StateHandling::NotRead => ("never reads `state`".to_string(), None),
                StateHandling::Unchecked => (
                    "reads `state` but compares it with nothing the app stored".to_string(),
                    None,
                ),
                StateHandling::Decoded { at, how } => (
                    format!(
                        "decodes `state` with `{how}` and trusts what it says instead of comparing it with a stored value"
                    ),
                    Some(related(*at, "state decoded here")),
                ),
            };
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "`{}` exchanges the OAuth `code` (`{}`) but {problem}: anyone can complete the flow for someone else's session",
                    cb.route, cb.exchange
                ),
                Some(cb.at),
                cb.route.clone(),
                "Store a random `state` in an HttpOnly cookie when starting the flow and reject the callback unless the query's `state` matches it; take the user from the session, not from `state`.".into(),
            );
            f.route = Some(cb.route.clone());
            f.related
                .push(related(cb.exchange_at, "code exchanged here"));
            if let Some(r) = extra {
                f.related.push(r);
            }
            findings.push(f);
        }
        Outcome::from_findings(findings, format!("state checked in {}", checked.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::MissingState::META.id);
    }
}
