//! delivery/no-tenant-isolation-tests: per-user or per-tenant data, tests, and no test
//! that one user cannot reach another's data.

use super::{repo_loc, test_files};
use crate::util::{finding, is_identity_column, is_tenant_column};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps whose tables are keyed to an owner or tenant (`user_id`, `owner_id`,
    /// `org_id`, `workspace_id`... in migrations or the Prisma schema) and that have
    /// tests, where no test exercises isolation: no pgTAP test under `supabase/tests/`,
    /// and no test file that mentions another user or tenant (`otherUser`, "another
    /// org", "cross-tenant", "isolation"), row level security, or a 403/forbidden answer.
    /// Apps with no tests at all are `delivery/no-tests`'s.
    ///
    /// ## Why it matters
    /// Tenant isolation is the property that ends a B2B company when it breaks, and the
    /// one that regresses silently: a new query without the `org_id` filter, a policy
    /// rewritten in a migration. Only a test that signs in as B and asks for A's rows
    /// catches it before a customer does.
    ///
    /// ## How to fix
    /// Add a test that creates two users (or tenants), writes as one, and asserts the
    /// other gets nothing (or 403/404) through each API that reads tenant data; for
    /// Supabase, add pgTAP tests that `set role authenticated` with another user's claims.
    ///
    /// ## Example
    /// ```ts
    /// it("does not return another org's deals", async () => {
    ///   const res = await as(userB).get(`/api/deals/${dealOfOrgA.id}`);
    ///   expect(res.status).toBe(404);
    /// });
    /// ```
    pub struct NoTenantIsolationTests {
        id: "delivery/no-tenant-isolation-tests",
        category: Delivery,
        severity: Medium,
        effort: Medium,
        summary: "a multi-tenant app with no test that exercises isolation",
        problem: "nothing tests that tenants cannot see each other's data",
    }
}

const MARKERS: &[&str] = &[
    "isolation",
    "cross-tenant",
    "cross tenant",
    "other tenant",
    "another tenant",
    "other user",
    "another user",
    "different user",
    "other org",
    "another org",
    "different org",
    "other team",
    "another team",
    "other workspace",
    "another workspace",
    "otheruser",
    "othertenant",
    "otherorg",
    "otherteam",
    "otherworkspace",
    "userb",
    "user_b",
    "tenantb",
    "tenant_b",
    "orgb",
    "org_b",
    "attacker",
    "row level security",
    "row-level security",
    "forbidden",
    "tobe(403)",
    "status(403)",
    ", 403)",
    "permission denied",
];

fn mentions_isolation(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
        || lower.match_indices("rls").any(|(i, _)| {
            !lower.as_bytes()[..i]
                .last()
                .is_some_and(|b| b.is_ascii_alphabetic())
        })
}

/// Tables keyed to an owner or tenant.
fn keyed_tables(model: &AppModel) -> Vec<String> {
    let mut out: Vec<String> = model
        .schema
        .tables
        .iter()
        .filter(|t| !t.external)
        .filter(|t| {
            t.columns
                .iter()
                .any(|c| is_identity_column(&c.name) || is_tenant_column(&c.name))
        })
        .map(|t| t.name.clone())
        .collect();
    out.extend(
        model
            .schema
            .prisma_models
            .iter()
            .filter(|m| {
                m.fields.iter().any(|f| {
                    !f.relation && (is_identity_column(&f.column) || is_tenant_column(&f.column))
                })
            })
            .map(|m| m.table.clone()),
    );
    out.sort();
    out.dedup();
    out
}

impl Rule for NoTenantIsolationTests {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let tables = keyed_tables(model);
        if tables.is_empty() {
            return Outcome::not_applicable("no tables keyed to a user or tenant");
        }
        let (unit, e2e) = test_files(model);
        let pgtap: Vec<&String> = model
            .all_paths
            .iter()
            .filter(|p| p.contains("supabase/tests/") && p.ends_with(".sql"))
            .collect();
        if let Some(p) = pgtap.first() {
            return Outcome::from_findings(Vec::new(), format!("database tests in `{p}`"));
        }
        if unit.is_empty() && e2e.is_empty() {
            return Outcome::not_applicable("no tests (delivery/no-tests reports that)");
        }
        let isolation = unit.iter().chain(e2e.iter()).find(|p| {
            model
                .find_file(p)
                .is_some_and(|f| mentions_isolation(&model.file(f).text))
        });
        if let Some(p) = isolation {
            return Outcome::from_findings(Vec::new(), format!("isolation tested in `{p}`"));
        }
        let shown: Vec<String> = tables.iter().take(4).map(|t| format!("`{t}`")).collect();
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "{} table(s) hold per-user or per-tenant rows ({}{}) and there are {} test file(s), but none checks that one user or tenant cannot reach another's data",
                    tables.len(),
                    shown.join(", "),
                    if tables.len() > 4 { ", ..." } else { "" },
                    unit.len() + e2e.len()
                ),
                repo_loc(model),
                "repo isolation tests".into(),
                "Add a test that writes as user A and asserts user B gets nothing (or 403/404) from each API that reads tenant data; for Supabase, add pgTAP tests for the policies.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::mentions_isolation;

    #[test]
    fn isolation_words() {
        assert!(mentions_isolation(
            "it('hides deals from another org', ...)"
        ));
        assert!(mentions_isolation("// RLS denies reads"));
        assert!(!mentions_isolation("expect(urls).toHaveLength(2)"));
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoTenantIsolationTests::META.id);
    }
}
