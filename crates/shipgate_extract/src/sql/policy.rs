//! Judges what a policy's USING / WITH CHECK expression admits: every row (`true`), any
//! signed-in user (`auth.uid() is not null`), rows tied to the caller (`auth.uid() =
//! user_id`, a membership sub-query), or something shipgate does not judge.

use pg_query::NodeEnum;
use pg_query::protobuf::{self as pb, BoolExprType, NullTestType};
use shipgate_model::schema::{PolicyExpr, PolicyScope};

/// A policy's USING and WITH CHECK expressions, each as text and scope.
pub fn clauses(
    qual: Option<&pb::Node>,
    with_check: Option<&pb::Node>,
    deparse_with: impl Fn(Option<pb::Node>, Option<pb::Node>) -> Option<String>,
) -> (Option<PolicyExpr>, Option<PolicyExpr>) {
    // The statement printed back with only one clause, then that clause cut out: the
    // text comes from Postgres' own deparser, quoting and all.
    let using = qual.map(|q| PolicyExpr {
        text: deparse_with(Some(q.clone()), None)
            .and_then(|d| clause_text(&d, " USING ("))
            .unwrap_or_else(|| "(expression)".into()),
        scope: scope(q),
        reads: reads(q),
    });
    let check = with_check.map(|w| PolicyExpr {
        text: deparse_with(None, Some(w.clone()))
            .and_then(|d| clause_text(&d, " WITH CHECK ("))
            .unwrap_or_else(|| "(expression)".into()),
        scope: scope(w),
        reads: reads(w),
    });
    (using, check)
}

/// The relations an expression's sub-queries select from, qualified, sorted.
fn reads(n: &pb::Node) -> Vec<String> {
    let Some(node) = n.node.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<String> = node
        .nodes()
        .into_iter()
        .filter_map(|(r, ..)| match r {
            pg_query::NodeRef::RangeVar(v) => Some(format!(
                "{}.{}",
                if v.schemaname.is_empty() {
                    "public"
                } else {
                    v.schemaname.as_str()
                },
                v.relname
            )),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn clause_text(deparsed: &str, marker: &str) -> Option<String> {
    let at = deparsed.find(marker)?;
    let rest = &deparsed[at + marker.len()..];
    Some(rest.strip_suffix(')').unwrap_or(rest).to_string())
}

/// `auth.uid()`, `auth.jwt()`, `auth.role()` and friends: the name after `auth.`.
fn auth_fn(n: &pb::Node) -> Option<String> {
    match n.node.as_ref()? {
        NodeEnum::FuncCall(f) => {
            let parts: Vec<&str> = f
                .funcname
                .iter()
                .filter_map(|p| match p.node.as_ref()? {
                    NodeEnum::String(s) => Some(s.sval.as_str()),
                    _ => None,
                })
                .collect();
            match parts.as_slice() {
                ["auth", name] => Some(name.to_ascii_lowercase()),
                [name] if name.eq_ignore_ascii_case("current_user_id") => Some("uid".into()),
                _ => None,
            }
        }
        // `(select auth.uid())`, the form Supabase recommends for speed.
        NodeEnum::SubLink(s) => {
            let NodeEnum::SelectStmt(sel) = s.subselect.as_deref()?.node.as_ref()? else {
                return None;
            };
            if sel.from_clause.is_empty()
                && let [t] = sel.target_list.as_slice()
                && let Some(NodeEnum::ResTarget(r)) = t.node.as_ref()
            {
                return r.val.as_deref().and_then(auth_fn);
            }
            None
        }
        NodeEnum::TypeCast(t) => t.arg.as_deref().and_then(auth_fn),
        // `auth.jwt() ->> 'role'`
        NodeEnum::AExpr(e) if e.lexpr.is_some() => {
            let op = op_name(e);
            if op == "->>" || op == "->" {
                let base = auth_fn(e.lexpr.as_deref()?)?;
                let key = e.rexpr.as_deref().and_then(const_str).unwrap_or_default();
                Some(format!("{base}.{key}"))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn op_name(e: &pb::AExpr) -> String {
    e.name
        .iter()
        .filter_map(|p| match p.node.as_ref()? {
            NodeEnum::String(s) => Some(s.sval.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn const_str(n: &pb::Node) -> Option<String> {
    match n.node.as_ref()? {
        NodeEnum::AConst(c) => match c.val.as_ref()? {
            pb::a_const::Val::Sval(s) => Some(s.sval.to_ascii_lowercase()),
            _ => None,
        },
        NodeEnum::TypeCast(t) => t.arg.as_deref().and_then(const_str),
        _ => None,
    }
}

fn is_true(n: &pb::Node) -> bool {
    match n.node.as_ref() {
        Some(NodeEnum::AConst(c)) => matches!(
            c.val.as_ref(),
            Some(pb::a_const::Val::Boolval(b)) if b.boolval
        ),
        Some(NodeEnum::TypeCast(t)) => t.arg.as_deref().is_some_and(is_true),
        _ => false,
    }
}

/// Whether the caller's identity appears anywhere inside (the user id or JWT claims,
/// not only the role).
fn mentions_caller(n: &pb::Node) -> bool {
    let Some(node) = n.node.as_ref() else {
        return false;
    };
    node.nodes().into_iter().any(|(r, ..)| match r {
        pg_query::NodeRef::FuncCall(f) => {
            let node = pb::Node {
                node: Some(NodeEnum::FuncCall(Box::new(f.clone()))),
            };
            auth_fn(&node).is_some_and(|name| name != "role")
        }
        _ => false,
    })
}

/// A role-only test: `auth.role() = 'authenticated'`, `auth.jwt() ->> 'role' = ...`.
fn is_role_fn(name: &str) -> bool {
    name == "role" || name.ends_with(".role")
}

pub fn scope(n: &pb::Node) -> PolicyScope {
    let Some(node) = n.node.as_ref() else {
        return PolicyScope::Other;
    };
    match node {
        _ if is_true(n) => PolicyScope::Everyone,
        NodeEnum::BoolExpr(b) => {
            let parts: Vec<PolicyScope> = b.args.iter().map(scope).collect();
            match BoolExprType::try_from(b.boolop) {
                // Every conjunct must hold: the strictest one decides.
                Ok(BoolExprType::AndExpr) => {
                    if parts.contains(&PolicyScope::Caller) {
                        PolicyScope::Caller
                    } else if parts.contains(&PolicyScope::Other) {
                        PolicyScope::Other
                    } else if parts.contains(&PolicyScope::SignedIn) {
                        PolicyScope::SignedIn
                    } else {
                        PolicyScope::Everyone
                    }
                }
                // Any disjunct admits: the loosest one decides.
                Ok(BoolExprType::OrExpr) => {
                    if parts.contains(&PolicyScope::Everyone) {
                        PolicyScope::Everyone
                    } else if parts.contains(&PolicyScope::SignedIn) {
                        PolicyScope::SignedIn
                    } else if parts.contains(&PolicyScope::Other) {
                        PolicyScope::Other
                    } else {
                        PolicyScope::Caller
                    }
                }
                _ => PolicyScope::Other,
            }
        }
        NodeEnum::NullTest(t) => {
            let on_auth = t.arg.as_deref().and_then(auth_fn);
            if t.nulltesttype == NullTestType::IsNotNull as i32 && on_auth.is_some() {
                PolicyScope::SignedIn
            } else {
                PolicyScope::Other
            }
        }
        NodeEnum::AExpr(e) => {
            let (Some(l), Some(r)) = (e.lexpr.as_deref(), e.rexpr.as_deref()) else {
                return PolicyScope::Other;
            };
            let op = op_name(e);
            let (lf, rf) = (auth_fn(l), auth_fn(r));
            // `auth.role() = 'authenticated'`
            if let Some(f) = lf.as_deref().or(rf.as_deref())
                && is_role_fn(f)
            {
                let value = if lf.is_some() {
                    const_str(r)
                } else {
                    const_str(l)
                };
                return match (op.as_str(), value.as_deref()) {
                    ("=", Some("authenticated")) => PolicyScope::SignedIn,
                    _ => PolicyScope::Other,
                };
            }
            // `1 = 1`
            if op == "="
                && let (Some(NodeEnum::AConst(a)), Some(NodeEnum::AConst(b))) =
                    (l.node.as_ref(), r.node.as_ref())
                && a.val.is_some()
                && a.val == b.val
            {
                return PolicyScope::Everyone;
            }
            if mentions_caller(n) {
                PolicyScope::Caller
            } else {
                PolicyScope::Other
            }
        }
        _ if mentions_caller(n) => PolicyScope::Caller,
        _ => PolicyScope::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn using_scope(sql: &str) -> PolicyScope {
        let parsed = pg_query::parse(sql).expect("parses");
        let stmt = parsed.protobuf.stmts[0].stmt.as_ref().unwrap();
        let Some(NodeEnum::CreatePolicyStmt(p)) = stmt.node.as_ref() else {
            panic!("not a policy");
        };
        scope(p.qual.as_deref().or(p.with_check.as_deref()).unwrap())
    }

    #[test]
    fn classifies_policy_expressions() {
        let cases = [
            ("using (true)", PolicyScope::Everyone),
            ("using (1 = 1)", PolicyScope::Everyone),
            ("using (auth.uid() is not null)", PolicyScope::SignedIn),
            (
                "using (auth.role() = 'authenticated')",
                PolicyScope::SignedIn,
            ),
            (
                "using ((select auth.uid()) is not null)",
                PolicyScope::SignedIn,
            ),
            (
                "using ((auth.jwt() ->> 'role') = 'authenticated')",
                PolicyScope::SignedIn,
            ),
            ("using (auth.uid() = user_id)", PolicyScope::Caller),
            (
                "using ((select auth.uid()) = owner_id)",
                PolicyScope::Caller,
            ),
            (
                "using (org_id in (select org_id from members where user_id = auth.uid()))",
                PolicyScope::Caller,
            ),
            (
                "using (is_public or auth.uid() = user_id)",
                PolicyScope::Other,
            ),
            (
                "using (true or auth.uid() = user_id)",
                PolicyScope::Everyone,
            ),
            (
                "using (auth.uid() is not null and auth.uid() = user_id)",
                PolicyScope::Caller,
            ),
            ("using (public.is_admin())", PolicyScope::Other),
            ("with check (auth.role() = 'anon')", PolicyScope::Other),
        ];
        for (clause, want) in cases {
            let sql = format!("create policy p on t for all {clause}");
            assert_eq!(using_scope(&sql), want, "{clause}");
        }
    }

    #[test]
    fn lists_the_tables_a_condition_reads() {
        let sql = "create policy p on crew for select using (exists (select 1 from crew c \
                   join ops.ships s on s.id = c.ship where c.person = auth.uid()) \
                   or public.is_captain())";
        let facts = crate::sql::extract(sql);
        let crate::sql::facts::SqlFact::CreatePolicy { using, .. } = &facts.statements[0].fact
        else {
            panic!("not a policy")
        };
        assert_eq!(using.as_ref().unwrap().reads, ["ops.ships", "public.crew"]);
    }

    #[test]
    fn prints_expressions_back() {
        let sql = "create policy p on t for update using ((select auth.uid()) = user_id) \
                   with check (role = 'member')";
        let facts = crate::sql::extract(sql);
        let crate::sql::facts::SqlFact::CreatePolicy {
            using, with_check, ..
        } = &facts.statements[0].fact
        else {
            panic!("not a policy")
        };
        assert_eq!(
            using.as_ref().unwrap().text,
            "(SELECT auth.uid()) = user_id"
        );
        assert_eq!(with_check.as_ref().unwrap().text, "role = 'member'");
    }
}
