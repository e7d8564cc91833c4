//! webhook/timing-unsafe-compare: a signature or secret compared with `===` instead of a
//! constant-time compare.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Equality comparisons (`==`, `===`, `!=`, `!==`) where one side is a signature, HMAC
    /// or digest (`signature`, `expectedSig`, `hmac`, `digest`), or a secret from the
    /// environment (`process.env.WEBHOOK_SECRET`, also inside
    /// `` `Bearer ${process.env.CRON_SECRET}` ``), and the other side is a runtime value.
    /// Comparisons with literals, `null`, `undefined`, `typeof` or a length are not
    /// reported, and neither is test code.
    ///
    /// ## Why it matters
    /// `===` on strings stops at the first differing character, so the response time
    /// tells an attacker how much of their guess was right. Over many requests a
    /// signature or shared secret can be recovered byte by byte.
    ///
    /// ## How to fix
    /// Compare equal-length buffers with `crypto.timingSafeEqual` (check the lengths
    /// first), or use the provider's verify function, which does this for you.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// if (signature !== expected) return new Response("Invalid", { status: 401 });
    /// // fixed
    /// const a = Buffer.from(signature), b = Buffer.from(expected);
    /// if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return new Response("Invalid", { status: 401 });
    /// ```
    pub struct TimingUnsafeCompare {
        id: "webhook/timing-unsafe-compare",
        category: Integrations,
        severity: Medium,
        effort: Small,
        summary: "A signature or secret compared with ==/=== instead of a constant-time compare",
        problem: "the secret can be guessed byte by byte from response times",
    }
}

impl Rule for TimingUnsafeCompare {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.secret_compares.is_empty() {
            return Outcome::not_applicable(
                "no signature or secret compared with an equality operator",
            );
        }
        let findings = model
            .secret_compares
            .iter()
            .map(|c| {
                // Markdown code spans around code that has backticks of its own.
                let code = if c.text.contains('`') {
                    format!("`` {} ``", c.text)
                } else {
                    format!("`{}`", c.text)
                };
                finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "{code} compares {} with an ordinary equality operator: the time it takes leaks how much of a guess matched",
                        c.what
                    ),
                    Some(c.at),
                    format!("{} {}", model.path(c.at.file), c.text),
                    "Compare equal-length buffers with `crypto.timingSafeEqual` (after checking the lengths), or use the provider's verify function.".into(),
                )
            })
            .collect();
        Outcome::from_findings(findings, "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::TimingUnsafeCompare::META.id);
    }
}
