//! auth/demo-credentials: a password sign-in that an env flag switches on, that accepts
//! any password, or that checks against a password written in the code.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, CredentialLogin, PasswordCheck, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// NextAuth / Auth.js credentials providers (`Credentials({ credentials, authorize
    /// })` from `next-auth/providers/credentials` or `@auth/core`). A provider is flagged
    /// when:
    /// - `authorize` asks for a password but never compares it or hands it to anything
    ///   (a hash check, a query, an API): any password signs in;
    /// - `authorize` compares the password with a literal written in the code;
    /// - a demo-like env flag (`DEMO_MODE`, `ENABLE_TEST_LOGIN`…) switches the provider
    ///   on, or any env flag switches on a provider that does one of the above.
    ///
    /// Providers that only exist when `NODE_ENV` or `VERCEL_ENV` says development or
    /// preview, providers without a password (one-time codes, wallet signatures), and
    /// test files are left out.
    ///
    /// ## Why it matters
    /// A demo login is one env var away from production: a copied `.env`, a preview
    /// setting promoted to production, and anyone can sign in as any user, or as the demo
    /// account that sees real data. A password in the code is in every clone of the repo.
    ///
    /// ## How to fix
    /// Compare the password with a stored hash (`bcrypt.compare`, `argon2.verify`). Keep
    /// demo logins out of production builds: gate them on `NODE_ENV === 'development'`,
    /// or seed a demo account with a real password in a separate demo deployment.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// ...(process.env.DEMO_MODE === 'true'
    ///   ? [Credentials({ credentials: { email: {}, password: {} },
    ///       authorize: async (c) => ({ id: 'demo', email: String(c.email) }) })]
    ///   : []),
    /// // fixed
    /// Credentials({ credentials: { email: {}, password: {} }, authorize: async (c) => {
    ///   const user = await db.user.findUnique({ where: { email: String(c.email) } });
    ///   return user && (await bcrypt.compare(String(c.password), user.passwordHash)) ? user : null;
    /// } }),
    /// ```
    pub struct DemoCredentials {
        id: "auth/demo-credentials",
        category: Auth,
        severity: High,
        effort: Small,
        summary: "a credentials/demo login that can be switched on in production (env flag) or that accepts any password",
        problem: "a demo or test login can get into production",
    }
}

fn demo_like(flag: &str) -> bool {
    let f = flag.to_ascii_uppercase();
    [
        "DEMO",
        "TEST",
        "DEV",
        "MOCK",
        "FAKE",
        "BYPASS",
        "E2E",
        "PLAYWRIGHT",
        "CYPRESS",
    ]
    .iter()
    .any(|w| {
        f.split('_')
            .any(|part| part == *w || *w == "DEMO" && part.starts_with("DEMO"))
    })
}

/// What is wrong with the provider, in words, and where; `None` when nothing is.
fn problem(c: &CredentialLogin) -> Option<(String, shipgate_model::Loc)> {
    let weak = match c.password {
        PasswordCheck::NotChecked => Some((
            "`authorize` never checks the password: any password signs in".to_string(),
            c.at,
        )),
        PasswordCheck::Literal(at) => Some((
            "`authorize` compares the password with one written in the code".to_string(),
            at,
        )),
        PasswordCheck::Checked | PasswordCheck::NoPassword => None,
    };
    match (&c.env_flag, weak) {
        (Some((flag, _)), Some((what, at))) => Some((
            format!("a credentials sign-in is switched on by the env var `{flag}`, and {what}"),
            at,
        )),
        (Some((flag, _)), None) if demo_like(flag) => Some((
            format!(
                "a demo credentials sign-in is switched on by the env var `{flag}`: one setting copied to production opens it there"
            ),
            c.at,
        )),
        (None, Some((what, at))) => Some((
            format!("a credentials sign-in is always on, and {what}"),
            at,
        )),
        _ => None,
    }
}

impl Rule for DemoCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.credential_logins.is_empty() {
            return Outcome::not_applicable("no credentials (password) sign-in provider");
        }
        let mut findings = Vec::new();
        for c in &model.credential_logins {
            if c.dev_only {
                continue;
            }
            let Some((message, at)) = problem(c) else {
                continue;
            };
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                message,
                Some(at),
                format!("credentials provider {}", model.path(c.at.file)),
                "Compare the password with a stored hash (`bcrypt.compare`, `argon2.verify`), and keep demo logins out of production: gate them on `NODE_ENV === 'development'` or run them in a separate demo deployment.".to_string(),
            );
            if let Some((flag, flag_at)) = &c.env_flag {
                f.related
                    .push(related(*flag_at, format!("`{flag}` is read here")));
            }
            findings.push(f);
        }
        let n = model.credential_logins.len();
        Outcome::from_findings(
            findings,
            format!(
                "{n} credentials provider(s) check the password and are not switched on by a demo flag, or exist only in development"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::DemoCredentials::META.id);
    }
}
