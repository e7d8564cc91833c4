//! db/no-migrations: the code uses a database but the repository tracks no migrations.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, ClientKind, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Route handlers query a database (Supabase, Prisma, Drizzle or raw SQL), but the
    /// repository has no migrations: no `supabase/migrations`, `prisma/migrations`,
    /// Drizzle or other SQL migration folder, and no schema dump.
    ///
    /// ## Why it matters
    /// The schema, its row level security and its policies live only in a dashboard or a
    /// developer's database. Nobody can review them, rebuild the database after an
    /// incident, or tell whether staging matches production; `prisma db push` in
    /// production can drop columns without warning.
    ///
    /// ## How to fix
    /// Capture the schema as migrations and commit them: `supabase db diff -f init` (or
    /// `supabase db pull`), `prisma migrate dev --name init`, `drizzle-kit generate`.
    ///
    /// ## Example
    /// ```sh
    /// supabase db pull        # writes supabase/migrations/<timestamp>_remote_schema.sql
    /// git add supabase/migrations
    /// ```
    pub struct NoMigrations {
        id: "db/no-migrations",
        category: Db,
        severity: High,
        effort: Large,
        summary: "A database is used but no migrations are tracked",
        problem: "the database schema is not tracked in the repository",
    }
}

impl Rule for NoMigrations {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let used: Vec<_> = model
            .routes
            .iter()
            .flat_map(|r| r.facts.data_ops.iter().map(move |op| (r, op)))
            .filter(|(_, op)| op.client != ClientKind::Unknown)
            .collect();
        let Some((route, first)) = used.first() else {
            return Outcome::not_applicable("no route queries a database");
        };
        if !model.schema.is_empty() {
            let sources: Vec<String> = model
                .schema
                .sources
                .iter()
                .map(|s| format!("{} ({}, {} file(s))", s.path, s.kind.as_str(), s.files))
                .collect();
            return Outcome::from_findings(Vec::new(), sources.join("; "));
        }
        // `prisma db push` (often with PlanetScale): the schema is in the repo, its history
        // is not.
        let prisma = model
            .files
            .iter()
            .position(|f| f.path.ends_with("schema.prisma"))
            .or_else(|| model.files.iter().position(|f| f.path.ends_with(".prisma")));
        if let Some(prisma) = prisma {
            let file = shipgate_model::FileId(prisma as u32);
            let path = model.path(file);
            // A multi-file schema (`prisma/schema/*.prisma`): name the folder.
            let shown = if path.ends_with("schema.prisma") {
                path.to_string()
            } else {
                path.rsplit_once('/').map_or(path, |(d, _)| d).to_string() + "/"
            };
            let mut f = finding(
                &Self::META,
                shipgate_model::Severity::Medium,
                format!(
                    "`{shown}` defines the schema, but no migrations are committed: changes reach the database with `prisma db push`, with no reviewed, replayable history"
                ),
                Some(shipgate_model::Loc::new(file, shipgate_model::Span::new(0, 0))),
                "repo".into(),
                "Switch to `prisma migrate dev` / `prisma migrate deploy` and commit `prisma/migrations` (or rely on your database's own deploy requests and say so in the README).".into(),
            );
            f.related.push(related(
                first.at,
                format!("{} queries the database here", route.entity()),
            ));
            return Outcome::from_findings(vec![f], "");
        }
        // `drizzle-kit push`: tables defined in code, no migration folder.
        if let Some(t) = model.schema.drizzle_tables.iter().min_by_key(|t| t.at) {
            let n = model.schema.drizzle_tables.len();
            let mut f = finding(
                &Self::META,
                shipgate_model::Severity::Medium,
                format!(
                    "{n} Drizzle table(s) are defined in code (`{}` in `{}`), but no migrations are committed: changes reach the database with `drizzle-kit push`, with no reviewed, replayable history",
                    t.var,
                    model.path(t.at.file)
                ),
                Some(t.at),
                "repo".into(),
                "Run `drizzle-kit generate`, commit the migrations folder, and apply it with `drizzle-kit migrate` in deploys.".into(),
            );
            f.related.push(related(
                first.at,
                format!("{} queries the database here", route.entity()),
            ));
            return Outcome::from_findings(vec![f], "");
        }
        let mut clients: Vec<&str> = used
            .iter()
            .map(|(_, op)| crate::db::rls_disabled::client_name(op.client))
            .collect();
        clients.sort();
        clients.dedup();
        let mut f = finding(
            &Self::META,
            Self::META.severity,
            format!(
                "{} database operation(s) in route handlers ({}), but no migrations or schema file in the repository: the schema and its security live outside version control",
                used.len(),
                clients.join(", ")
            ),
            Some(first.at),
            "repo".into(),
            "Commit the schema as migrations (`supabase db pull`, `prisma migrate dev`, `drizzle-kit generate`).".into(),
        );
        if let Some((r, op)) = used.iter().find(|(r, _)| r.entity() != route.entity()) {
            f.related.push(related(
                op.at,
                format!("{} queries the database here", r.entity()),
            ));
        }
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoMigrations::META.id);
    }
}
