//! `shipgate.toml`: extra auth helpers, routes meant to be public, ignored paths and
//! per-rule severity. Unknown keys are errors, so a typo never silently does nothing.

use crate::finding::Severity;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A rule's setting in `[rules]`: `"off"` or a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    public_routes: Vec<String>,
    #[serde(default)]
    auth_helpers: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    /// Where the rule docs live (`https://.../docs/rules`); reports link
    /// `<docs_url>/<group>--<name>.md`.
    #[serde(default)]
    docs_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

/// `[[overrides]]`: rule settings for findings in some files only.
#[derive(Debug, Clone)]
pub struct Override {
    /// The `paths` globs as written.
    pub paths: Vec<String>,
    set: GlobSet,
    pub rules: BTreeMap<String, RuleSetting>,
}

impl Override {
    pub fn matches(&self, path: &str) -> bool {
        self.set.is_match(path)
    }
}

/// Whether a `[rules]` key names rule `id` (of category `category`), and how closely:
/// 3 for the id itself, 2 plus the pattern's length for a glob over ids (`"db/rls-*"`),
/// 1 for its id group (`"ux"`) and, below that, its category (`"product"`); `None` when
/// it does not.
pub fn key_matches(key: &str, id: &str, category: &str) -> Option<(u8, usize)> {
    if key == id {
        return Some((3, 0));
    }
    if key.contains(['*', '?', '['])
        && globset::Glob::new(key).is_ok_and(|g| g.compile_matcher().is_match(id))
    {
        return Some((2, key.len()));
    }
    let group = id.split('/').next().unwrap_or(id);
    if key == group {
        Some((1, 1))
    } else {
        (key == category).then_some((1, 0))
    }
}

/// The setting `rules` gives rule `id`: the exact id first, then the most specific glob,
/// then the id group or category.
pub fn setting_for<'a>(
    rules: &'a BTreeMap<String, RuleSetting>,
    id: &str,
    category: &str,
) -> Option<&'a RuleSetting> {
    rules
        .iter()
        .filter_map(|(k, s)| key_matches(k, id, category).map(|rank| (rank, s)))
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, s)| s)
}

fn setting(value: &str, id: &str, source: &str, table: &str) -> Result<RuleSetting, ConfigError> {
    if value == "off" {
        Ok(RuleSetting::Off)
    } else {
        Ok(RuleSetting::Severity(value.parse().map_err(
            |e: String| ConfigError(format!("{source}: {table} \"{id}\": {e}, or \"off\"")),
        )?))
    }
}

/// How many `public_routes` globs share one matcher.
const PATTERNS_PER_SET: usize = 1_000;

/// A route pattern from `public_routes`: optional method, then a path glob (matched
/// through the config's one glob set, so many patterns cost one automaton, not one each).
#[derive(Debug, Clone)]
pub struct RoutePattern {
    pub source: String,
    method: Option<String>,
}

impl RoutePattern {
    fn allows(&self, method: &str) -> bool {
        self.method
            .as_ref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the config came from, for messages.
    pub source: Option<String>,
    pub ignore: Vec<String>,
    ignore_set: GlobSet,
    /// `include`: directories shipgate leaves out as not the product (examples,
    /// fixtures) that should be audited anyway.
    pub include: Vec<String>,
    include_set: GlobSet,
    pub public_routes: Vec<RoutePattern>,
    /// The path globs of `public_routes`, in the same order, in sets of at most
    /// [`PATTERNS_PER_SET`] (one automaton for tens of thousands of globs is too big).
    public_sets: Vec<GlobSet>,
    pub auth_helpers: Vec<String>,
    /// `[rules]`: keys are rule ids, globs over ids, id groups or categories.
    pub rules: BTreeMap<String, RuleSetting>,
    pub overrides: Vec<Override>,
    /// `docs_url`: the base URL of the rule docs, when set.
    pub docs_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn path_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// A `public_routes` path as a glob, where a Next.js dynamic segment (`[id]`,
/// `[...slug]`, `[[...slug]]`) means itself, as the report prints routes, not a glob class.
fn route_glob(path: &str) -> Result<Glob, globset::Error> {
    let literal_dynamic = |seg: &str| {
        let inner = seg.trim_start_matches('[').trim_end_matches(']');
        seg.starts_with('[')
            && seg.ends_with(']')
            && !inner.is_empty()
            && inner
                .trim_start_matches("...")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let escaped: Vec<String> = path
        .split('/')
        .map(|seg| {
            if literal_dynamic(seg) {
                globset::escape(seg)
            } else {
                seg.to_string()
            }
        })
        .collect();
    path_glob(&escaped.join("/"))
}

impl Config {
    /// Parses `shipgate.toml` text. `source` names the file in error messages.
    pub fn parse(text: &str, source: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let msg = e.message().replace('\n', " ");
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => ConfigError(format!("{source}:{l}: {msg}")),
                None => ConfigError(format!("{source}: {msg}")),
            }
        })?;
        let mut ignore_builder = GlobSetBuilder::new();
        for pat in &raw.ignore {
            let pat = pat.trim_start_matches("./");
            let glob = path_glob(pat)
                .map_err(|e| ConfigError(format!("{source}: bad ignore pattern `{pat}`: {e}")))?;
            ignore_builder.add(glob);
            // `dir` and `dir/` also ignore everything below.
            let below = format!("{}/**", pat.trim_end_matches('/'));
            if let Ok(g) = path_glob(&below) {
                ignore_builder.add(g);
            }
        }
        let mut include_builder = GlobSetBuilder::new();
        for pat in &raw.include {
            let pat = pat
                .trim_start_matches("./")
                .trim_end_matches("/**")
                .trim_end_matches('/');
            let glob = path_glob(pat)
                .map_err(|e| ConfigError(format!("{source}: bad include pattern `{pat}`: {e}")))?;
            include_builder.add(glob);
        }
        let include_set = include_builder
            .build()
            .map_err(|e| ConfigError(format!("{source}: bad include patterns: {e}")))?;
        let ignore_set = ignore_builder
            .build()
            .map_err(|e| ConfigError(format!("{source}: bad ignore patterns: {e}")))?;
        let mut public_routes = Vec::new();
        let mut public_globs = Vec::new();
        for pat in &raw.public_routes {
            let (method, path) = match pat.trim().split_once(' ') {
                Some((m, p)) if m.chars().all(|c| c.is_ascii_alphabetic()) => {
                    (Some(m.to_ascii_uppercase()), p.trim())
                }
                _ => (None, pat.trim()),
            };
            if !path.starts_with('/') {
                return Err(ConfigError(format!(
                    "{source}: public_routes entry `{pat}` must be a path starting with `/` (optionally after a method)"
                )));
            }
            let glob = route_glob(path).map_err(|e| {
                ConfigError(format!("{source}: bad public_routes pattern `{pat}`: {e}"))
            })?;
            public_globs.push(glob);
            public_routes.push(RoutePattern {
                source: pat.clone(),
                method,
            });
        }
        let public_sets = public_globs
            .chunks(PATTERNS_PER_SET)
            .map(|chunk| {
                let mut b = GlobSetBuilder::new();
                for g in chunk {
                    b.add(g.clone());
                }
                b.build()
                    .map_err(|e| ConfigError(format!("{source}: bad public_routes patterns: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut overrides = Vec::new();
        for (i, o) in raw.overrides.iter().enumerate() {
            let mut b = GlobSetBuilder::new();
            for pat in &o.paths {
                let pat = pat.trim_start_matches("./");
                b.add(path_glob(pat).map_err(|e| {
                    ConfigError(format!(
                        "{source}: [[overrides]] #{}: bad path `{pat}`: {e}",
                        i + 1
                    ))
                })?);
            }
            let set = b
                .build()
                .map_err(|e| ConfigError(format!("{source}: [[overrides]] #{}: {e}", i + 1)))?;
            let mut rules = BTreeMap::new();
            for (id, value) in &o.rules {
                rules.insert(
                    id.clone(),
                    setting(value, id, source, "[[overrides]] rules")?,
                );
            }
            overrides.push(Override {
                paths: o.paths.clone(),
                set,
                rules,
            });
        }
        let mut rules = BTreeMap::new();
        for (id, value) in raw.rules {
            let setting = setting(&value, &id, source, "[rules]")?;
            rules.insert(id, setting);
        }
        let docs_url = match raw.docs_url {
            // Reports put it into links: a URL without spaces, quotes, brackets or
            // parentheses.
            Some(u)
                if (u.starts_with("https://") || u.starts_with("http://"))
                    && !u.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || "\"'<>()[]`".contains(c)
                    }) =>
            {
                Some(u)
            }
            Some(_) => {
                return Err(ConfigError(format!(
                    "{source}: docs_url must be an http(s) URL without spaces, quotes or brackets"
                )));
            }
            None => None,
        };
        Ok(Config {
            source: Some(source.to_string()),
            ignore: raw.ignore,
            ignore_set,
            include: raw.include,
            include_set,
            public_routes,
            public_sets,
            auth_helpers: raw.auth_helpers,
            rules,
            overrides,
            docs_url,
        })
    }

    /// The URL of rule `id`'s docs: `docs_url` from the config, else the one the release
    /// build was given (`SHIPGATE_DOCS_URL` at compile time: the repository's
    /// `docs/rules` at the release tag), else none.
    pub fn rule_doc_url(&self, id: &str) -> Option<String> {
        let base = self
            .docs_url
            .as_deref()
            .or(option_env!("SHIPGATE_DOCS_URL"))
            .filter(|b| !b.is_empty())?;
        Some(format!(
            "{}/{}.md",
            base.trim_end_matches('/'),
            id.replace('/', "--")
        ))
    }

    /// The setting for rule `id` outside any override.
    pub fn rule_setting(&self, id: &str, category: &str) -> Option<&RuleSetting> {
        setting_for(&self.rules, id, category)
    }

    /// The setting for rule `id` on a finding in `path`: the last `[[overrides]]` whose
    /// paths match and that sets the rule wins, then `[rules]`.
    pub fn rule_setting_at(&self, id: &str, category: &str, path: &str) -> Option<&RuleSetting> {
        self.overrides
            .iter()
            .rev()
            .filter(|o| o.matches(path))
            .find_map(|o| setting_for(&o.rules, id, category))
            .or_else(|| self.rule_setting(id, category))
    }

    /// Every `[rules]` and `[[overrides]]` key, for checking that each names something.
    pub fn rule_keys(&self) -> impl Iterator<Item = &String> {
        self.rules
            .keys()
            .chain(self.overrides.iter().flat_map(|o| o.rules.keys()))
    }

    /// Whether a root-relative path is excluded by `ignore`.
    /// Whether `include` asks for a directory shipgate would leave out as not the product.
    pub fn is_included(&self, rel_dir: &str) -> bool {
        !self.include.is_empty() && self.include_set.is_match(rel_dir)
    }

    /// The `include` matcher alone, to hand to a walker thread without the whole config.
    pub fn include_matcher(&self) -> GlobSet {
        self.include_set.clone()
    }

    pub fn is_ignored(&self, rel_path: &str) -> bool {
        !self.ignore.is_empty() && self.ignore_set.is_match(rel_path)
    }

    /// The `public_routes` entries that match none of `routes` (method, path): each is a
    /// decision that is not doing what it says.
    pub fn unused_public_routes<'r>(
        &self,
        routes: impl Iterator<Item = (&'r str, &'r str)>,
    ) -> Vec<&str> {
        let mut used = vec![false; self.public_routes.len()];
        for (method, path) in routes {
            for (n, set) in self.public_sets.iter().enumerate() {
                for i in set.matches(path) {
                    let k = n * PATTERNS_PER_SET + i;
                    if self.public_routes[k].allows(method) {
                        used[k] = true;
                    }
                }
            }
        }
        self.public_routes
            .iter()
            .zip(used)
            .filter(|(_, u)| !u)
            .map(|(p, _)| p.source.as_str())
            .collect()
    }

    /// The `public_routes` pattern that declares this route public, if any.
    pub fn public_route(&self, method: &str, path: &str) -> Option<&RoutePattern> {
        self.public_sets.iter().enumerate().find_map(|(n, set)| {
            set.matches(path)
                .into_iter()
                .map(|i| &self.public_routes[n * PATTERNS_PER_SET + i])
                .find(|p| p.allows(method))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_dynamic_segments_in_public_routes_mean_themselves() {
        let cfg = Config::parse(
            r#"public_routes = ["POST /api/links/[id]/upload", "GET /docs/[[...slug]]", "/api/[ab]x", "GET /api/unused"]"#,
            "shipgate.toml",
        )
        .expect("valid config");
        assert!(cfg.public_route("POST", "/api/links/[id]/upload").is_some());
        assert!(cfg.public_route("POST", "/api/links/i/upload").is_none());
        assert!(cfg.public_route("GET", "/docs/[[...slug]]").is_some());
        // Not a Next.js segment: still a glob class.
        assert!(cfg.public_route("GET", "/api/ax").is_some());
        let routes = [
            ("POST", "/api/links/[id]/upload"),
            ("GET", "/docs/[[...slug]]"),
        ];
        assert_eq!(
            cfg.unused_public_routes(routes.into_iter()),
            ["/api/[ab]x", "GET /api/unused"]
        );
    }

    #[test]
    fn many_public_routes_match_in_order_across_sets() {
        let mut pats: Vec<String> = (0..2_500)
            .map(|i| format!("\"POST /api/p{i}/*\""))
            .collect();
        pats.push("\"GET /api/p2100/*\"".into());
        let cfg = Config::parse(
            &format!("public_routes = [{}]", pats.join(", ")),
            "shipgate.toml",
        )
        .expect("valid config");
        assert_eq!(
            cfg.public_route("POST", "/api/p2100/x")
                .map(|p| p.source.as_str()),
            Some("POST /api/p2100/*")
        );
        // The method filter skips the earlier pattern and finds the later one.
        assert_eq!(
            cfg.public_route("GET", "/api/p2100/x")
                .map(|p| p.source.as_str()),
            Some("GET /api/p2100/*")
        );
        assert!(cfg.public_route("GET", "/api/p7/x").is_none());
        assert!(cfg.public_route("POST", "/api/q1/x").is_none());
    }

    #[test]
    fn rule_settings_by_id_glob_group_and_path() {
        let c = Config::parse(
            r#"
[rules]
"ux/*" = "off"
"db" = "low"
"db/rls-*" = "high"
"db/rls-disabled" = "critical"

[[overrides]]
paths = ["apps/admin/**"]
rules = { "auth/unprotected-route" = "off", "db" = "info" }
"#,
            "t",
        )
        .unwrap();
        let sev = |s: Option<&RuleSetting>| s.cloned();
        assert_eq!(
            sev(c.rule_setting("ux/dead-control", "product")),
            Some(RuleSetting::Off)
        );
        assert_eq!(
            sev(c.rule_setting("db/missing-fk-index", "db")),
            Some(RuleSetting::Severity(Severity::Low))
        );
        assert_eq!(
            sev(c.rule_setting("db/rls-incomplete-policies", "db")),
            Some(RuleSetting::Severity(Severity::High))
        );
        assert_eq!(
            sev(c.rule_setting("db/rls-disabled", "db")),
            Some(RuleSetting::Severity(Severity::Critical))
        );
        assert_eq!(sev(c.rule_setting("auth/unprotected-route", "auth")), None);
        assert_eq!(
            sev(c.rule_setting_at("auth/unprotected-route", "auth", "apps/admin/api/x.ts")),
            Some(RuleSetting::Off)
        );
        assert_eq!(
            sev(c.rule_setting_at("db/rls-disabled", "db", "apps/admin/db.sql")),
            Some(RuleSetting::Severity(Severity::Info))
        );
        assert_eq!(
            sev(c.rule_setting_at("auth/unprotected-route", "auth", "apps/web/api/x.ts")),
            None
        );
    }

    #[test]
    fn parses_all_sections() {
        let cfg = Config::parse(
            r#"
ignore = ["scripts", "legacy/**/*.ts"]
public_routes = ["GET /api/posts/*", "/api/public/**"]
auth_helpers = ["requireTeamMember"]
[rules]
"auth/middleware-only" = "off"
"auth/inconsistent-patterns" = "low"
"#,
            "shipgate.toml",
        )
        .expect("valid config");
        assert!(cfg.is_ignored("scripts/seed.ts"));
        assert!(cfg.is_ignored("legacy/a/b.ts"));
        assert!(!cfg.is_ignored("app/page.tsx"));
        assert!(cfg.public_route("GET", "/api/posts/[id]").is_some());
        assert!(cfg.public_route("POST", "/api/posts/[id]").is_none());
        assert!(cfg.public_route("POST", "/api/public/a/b").is_some());
        assert_eq!(cfg.rules["auth/middleware-only"], RuleSetting::Off);
        assert_eq!(
            cfg.rules["auth/inconsistent-patterns"],
            RuleSetting::Severity(Severity::Low)
        );
        assert_eq!(cfg.auth_helpers, vec!["requireTeamMember".to_string()]);
    }

    #[test]
    fn rejects_unknown_keys_and_values() {
        let err = Config::parse("publc_routes = []", "shipgate.toml").unwrap_err();
        assert!(err.0.contains("shipgate.toml:1"), "{err}");
        let err = Config::parse("[rules]\n\"a/b\" = \"loud\"", "x.toml").unwrap_err();
        assert!(err.0.contains("unknown severity"), "{err}");
        let err = Config::parse("public_routes = [\"api/x\"]", "x.toml").unwrap_err();
        assert!(err.0.contains("must be a path"), "{err}");
    }
}
