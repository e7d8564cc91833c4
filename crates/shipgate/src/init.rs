//! `shipgate init`: writes a commented starter `shipgate.toml` for the app it finds.

use crate::cli::load_config;
use shipgate_model::Config;
use std::path::Path;

/// `shipgate init`: a commented starter `shipgate.toml` for the stack found in `path`,
/// with the routes that are public today listed (commented) as `public_routes`
/// candidates, so each one is a decision someone writes down.
pub fn init(path: &Path, force: bool) -> Result<u8, String> {
    let file = path.join("shipgate.toml");
    if std::fs::symlink_metadata(&file).is_ok() && !force {
        return Err(format!(
            "`{}` exists (use --force to replace it)",
            file.display()
        ));
    }
    let display = path.to_string_lossy().to_string();
    let model = shipgate_extract::build_model(path, &display, Config::default())?;
    if model.stack.is_empty() && model.routes.is_empty() && model.pages.is_empty() {
        return Err(format!("no web app found in `{display}`"));
    }
    let mut out = String::new();
    out.push_str(
        "# shipgate configuration; the README's \"Configuration\" section explains each key.\n",
    );
    out.push_str(&format!(
        "# Written by `shipgate init` for: {}.\n\n",
        if model.stack.is_empty() {
            "an app with no recognised framework".to_string()
        } else {
            model.stack.join(", ")
        }
    ));
    out.push_str("# Paths to leave out of the audit (globs, relative to this file).\n");
    let candidates: Vec<&str> = [
        "e2e",
        "cypress",
        "playwright",
        "examples",
        "fixtures",
        "scripts",
        "docs",
    ]
    .into_iter()
    .filter(|d| path.join(d).is_dir())
    .collect();
    if candidates.is_empty() {
        out.push_str("ignore = []\n\n");
    } else {
        out.push_str(&format!(
            "# Directories found here that are often not the product: {}.\nignore = []\n\n",
            candidates.join(", ")
        ));
    }
    out.push_str(
        "# Routes meant to be public (optional method, then a path glob; Next.js segments\n",
    );
    out.push_str(
        "# such as [id] mean themselves). Routes nothing guards today, to decide one by one:\n",
    );
    let mut public: Vec<String> = model
        .routes
        .iter()
        .filter(|r| r.guard == shipgate_model::Guard::Public && r.intended_public.is_none())
        .map(|r| r.entity())
        .collect();
    public.sort();
    public.dedup();
    out.push_str("# Uncomment the ones that are public on purpose.\npublic_routes = [\n");
    for r in public.iter().take(40) {
        out.push_str(&format!("#   \"{}\",\n", r.replace('"', "'")));
    }
    if public.len() > 40 {
        out.push_str(&format!("#   ... and {} more\n", public.len() - 40));
    }
    out.push_str("]\n\n");
    out.push_str(
        "# Your own helpers that reject unauthenticated callers, when shipgate cannot see\n",
    );
    out.push_str(
        "# inside them (for example a package outside the repository).\nauth_helpers = []\n\n",
    );
    out.push_str(
        "# Per-rule severity (critical, high, medium, low, info) or \"off\"; `shipgate rules`\n",
    );
    out.push_str("# lists the ids. Keys may also be globs (\"ux/*\"), id groups or categories\n");
    out.push_str("# (\"db\"); [[overrides]] with `paths` set rules for some files only.\n");
    out.push_str("[rules]\n# \"ux/missing-legal-pages\" = \"off\"\n");
    std::fs::write(&file, &out).map_err(|e| format!("cannot write `{}`: {e}", file.display()))?;
    // What was written must load.
    load_config(path, Some(&file))?;
    eprintln!(
        "shipgate: wrote {} ({} public route(s) listed to decide)",
        file.display(),
        public.len()
    );
    Ok(0)
}
