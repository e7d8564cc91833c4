//! db/security-definer-search-path: a SECURITY DEFINER function without a fixed
//! search_path.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Functions the migrations create (or alter) as `security definer` without
    /// `set search_path = ...`. When database types generated from the live database list
    /// a function from a later migration but not this callable one, its migration was
    /// never applied: the finding is marked as needing review.
    ///
    /// Supabase's advisor grades the same thing as lint 0011
    /// `function_search_path_mutable`, WARN (security); shipgate reports it at `medium` to
    /// match. Exploiting it needs the right to create objects in a schema on the path,
    /// which API callers do not have.
    ///
    /// ## Why it matters
    /// A security-definer function runs with its owner's rights (usually `postgres`,
    /// which bypasses RLS). If its search path is not fixed, a caller who can create
    /// objects in a schema on the path can shadow a table or function it uses and run
    /// their own code with those rights.
    ///
    /// ## How to fix
    /// Add `set search_path = ''` and schema-qualify every name inside the function, or
    /// set it to the schemas it needs.
    ///
    /// ## Example
    /// ```sql
    /// create or replace function public.handle_new_user() returns trigger
    /// language plpgsql security definer set search_path = ''
    /// as $$ begin insert into public.profiles (id) values (new.id); return new; end; $$;
    /// ```
    pub struct SecurityDefinerSearchPath {
        id: "db/security-definer-search-path",
        category: Db,
        severity: Medium,
        effort: Small,
        summary: "A SECURITY DEFINER function without SET search_path",
        problem: "a privileged function runs with a mutable search_path",
    }
}

impl Rule for SecurityDefinerSearchPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let definers: Vec<_> = model
            .schema
            .functions
            .iter()
            .filter(|f| f.security_definer)
            .collect();
        if definers.is_empty() {
            return Outcome::not_applicable("no security definer functions in the migrations");
        }
        let findings = definers
            .iter()
            .filter(|f| !f.search_path_set)
            .map(|f| {
                let qualified = format!("{}.{}", f.schema, f.name);
                let f_out = finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "`{}.{}` is `security definer` and does not set `search_path`: a caller can shadow the objects it uses and run code with its owner's rights",
                        f.schema, f.name
                    ),
                    Some(f.at),
                    format!("function {}.{}", f.schema, f.name),
                    "Add `set search_path = ''` to the function and schema-qualify the names it uses.".into(),
                );
                // A callable function the live database's generated types do not list
                // may never have been applied.
                let trigger = matches!(f.shape.returns.as_str(), "trigger" | "event_trigger");
                if !trigger && model.schema.function_absent_live(&qualified, f.at) {
                    f_out.resting_on(
                        shipgate_model::Confidence::Possible,
                        &[format!(
                            "whether `{qualified}` exists in the live database: the generated database types do not list it"
                        )],
                    )
                } else {
                    f_out
                }
            })
            .collect();
        Outcome::from_findings(
            findings,
            format!(
                "{} security definer function(s) fix their search_path",
                definers.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::SecurityDefinerSearchPath::META.id);
    }
}
