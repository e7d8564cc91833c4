//! The linked project: loaded files by id, packages and tsconfig path aliases, and the
//! resolution of imports and exported names across files.

use crate::js::facts::{ExportFact, FnFact, Imported, JsFacts, Val};
use crate::load::{Content, LoadedFile};
use crate::sql::facts::SqlFacts;
use shipgate_model::{Config, FileId, SourceFile, Span};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone)]
pub struct Package {
    /// Directory of the package.json ("" for the root).
    pub dir: String,
    pub name: Option<String>,
    pub deps: BTreeSet<String>,
    pub file: FileId,
    pub main: Option<String>,
    /// `exports` subpaths and the files they point at: `("./server",
    /// "./src/client/server.ts")`, `("./*", "./src/*.ts")`.
    pub exports: Vec<(String, String)>,
    /// `scripts`: name and command, in file order.
    pub scripts: Vec<(String, String)>,
}

/// The file an `exports` entry points at: a string, or the first of the usual conditions.
fn export_target(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => ["types", "import", "default", "require", "node"]
            .iter()
            .find_map(|k| o.get(*k).and_then(export_target)),
        _ => None,
    }
}

#[derive(Debug, Clone)]
pub struct TsConfig {
    pub dir: String,
    pub base_url: Option<String>,
    pub paths: Vec<(String, Vec<String>)>,
}

/// What a name resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum Symbol {
    Function(FileId, Span),
    /// A top-level binding that is not a function; `index` into `JsFacts::bindings`.
    Binding {
        file: FileId,
        index: usize,
        name: String,
    },
    /// Imported from a package outside the repo.
    External {
        source: String,
        name: String,
    },
}

pub struct Project {
    pub files: Vec<SourceFile>,
    pub js: Vec<Option<Box<JsFacts>>>,
    pub json: Vec<Option<serde_json::Value>>,
    pub sql: Vec<(FileId, Box<SqlFacts>)>,
    pub prisma: Vec<(FileId, Box<crate::prisma::PrismaFacts>)>,
    /// Live-looking credentials, per file that has any.
    pub secrets: Vec<(FileId, Vec<shipgate_model::secrets::SecretMatch>)>,
    pub by_path: HashMap<String, FileId>,
    /// JS/TS files by path without extension (`lib/auth` → `lib/auth.ts`), preferring
    /// TypeScript when both exist.
    by_stem: HashMap<String, FileId>,
    /// Every walked file, loaded or not.
    pub all_paths: BTreeSet<String>,
    /// Paths git tracks under the root; `None` outside a git work tree.
    pub tracked: Option<BTreeSet<String>>,
    pub packages: Vec<Package>,
    pub tsconfigs: Vec<TsConfig>,
    pub config: Config,
    /// Per importing file: specifier → resolved file (looked up by `&str`, no allocation).
    /// Per importing directory: specifier → resolved file. Resolution depends only on
    /// the importer's directory, so files in one folder share the work.
    resolve_cache: RefCell<HashMap<String, HashMap<String, Option<FileId>>>>,
    export_cache: RefCell<HashMap<FileId, HashMap<String, Option<Symbol>>>>,
}

const EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"];

pub use shipgate_model::paths::is_test_path;

pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

impl Project {
    pub fn new(loaded: Vec<LoadedFile>, all_paths: BTreeSet<String>, config: Config) -> Project {
        let mut files = Vec::with_capacity(loaded.len());
        let mut js = Vec::with_capacity(loaded.len());
        let mut json = Vec::with_capacity(loaded.len());
        let mut sql = Vec::new();
        let mut prisma = Vec::new();
        let mut secrets = Vec::new();
        let mut by_path = HashMap::new();
        for (i, f) in loaded.into_iter().enumerate() {
            by_path.insert(f.rel.clone(), FileId(i as u32));
            if !f.secrets.is_empty() {
                secrets.push((FileId(i as u32), f.secrets));
            }
            files.push(SourceFile::new(f.rel, f.text));
            match f.content {
                Content::Js(facts) => {
                    js.push(Some(facts));
                    json.push(None);
                }
                Content::Json(v) => {
                    js.push(None);
                    json.push(Some(v));
                }
                Content::Prisma(facts) => {
                    prisma.push((FileId(i as u32), facts));
                    js.push(None);
                    json.push(None);
                }
                Content::Sql(facts) => {
                    sql.push((FileId(i as u32), facts));
                    js.push(None);
                    json.push(None);
                }
                Content::Text => {
                    js.push(None);
                    json.push(None);
                }
            }
        }
        let mut by_stem: HashMap<String, FileId> = HashMap::new();
        for ext in EXTENSIONS {
            for (i, f) in files.iter().enumerate() {
                if js[i].is_none() {
                    continue;
                }
                if let Some(stem) = f.path.strip_suffix(ext).and_then(|s| s.strip_suffix('.')) {
                    by_stem.entry(stem.to_string()).or_insert(FileId(i as u32));
                }
            }
        }
        let mut p = Project {
            files,
            js,
            json,
            sql,
            prisma,
            secrets,
            by_path,
            by_stem,
            all_paths,
            tracked: None,
            packages: Vec::new(),
            tsconfigs: Vec::new(),
            config,
            resolve_cache: RefCell::new(HashMap::new()),
            export_cache: RefCell::new(HashMap::new()),
        };
        p.read_packages();
        p.read_tsconfigs();
        p
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].path
    }

    pub fn facts(&self, id: FileId) -> Option<&JsFacts> {
        self.js.get(id.0 as usize).and_then(|f| f.as_deref())
    }

    pub fn js_files(&self) -> impl Iterator<Item = (FileId, &JsFacts)> {
        self.js
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.as_deref().map(|f| (FileId(i as u32), f)))
    }

    fn read_packages(&mut self) {
        for (i, v) in self.json.iter().enumerate() {
            let Some(v) = v else { continue };
            let path = &self.files[i].path;
            if !(path == "package.json" || path.ends_with("/package.json")) {
                continue;
            }
            let mut deps = BTreeSet::new();
            for key in ["dependencies", "devDependencies", "peerDependencies"] {
                if let Some(obj) = v.get(key).and_then(|d| d.as_object()) {
                    deps.extend(obj.keys().cloned());
                }
            }
            let main = ["module", "main", "types"]
                .iter()
                .find_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_string));
            let exports = match v.get("exports") {
                Some(serde_json::Value::Object(o)) if o.keys().any(|k| k.starts_with('.')) => o
                    .iter()
                    .filter_map(|(k, t)| export_target(t).map(|t| (k.clone(), t)))
                    .collect(),
                Some(other) => export_target(other)
                    .map(|t| vec![(".".to_string(), t)])
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let scripts = v
                .get("scripts")
                .and_then(|s| s.as_object())
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, c)| c.as_str().map(|c| (k.clone(), c.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            self.packages.push(Package {
                dir: dir_of(path).to_string(),
                scripts,
                name: v.get("name").and_then(|n| n.as_str()).map(str::to_string),
                deps,
                file: FileId(i as u32),
                main,
                exports,
            });
        }
    }

    fn read_tsconfigs(&mut self) {
        let mut raw: HashMap<String, &serde_json::Value> = HashMap::new();
        for (i, v) in self.json.iter().enumerate() {
            let Some(v) = v else { continue };
            let path = &self.files[i].path;
            let name = path.rsplit('/').next().unwrap_or(path);
            if name.starts_with("tsconfig") || name.starts_with("jsconfig") {
                raw.insert(path.clone(), v);
            }
        }
        let mut keys: Vec<&String> = raw.keys().collect();
        keys.sort();
        for path in keys {
            let name = path.rsplit('/').next().unwrap_or(path);
            if name != "tsconfig.json" && name != "jsconfig.json" {
                continue;
            }
            let dir = dir_of(path).to_string();
            let (mut base_url, mut paths) = (None, Vec::new());
            // Follow `extends` chains of relative configs (a few hops), nearest wins.
            let mut cur: Option<(String, &serde_json::Value)> = Some((path.clone(), raw[path]));
            for _ in 0..4 {
                let Some((cpath, v)) = cur.take() else { break };
                let cdir = dir_of(&cpath).to_string();
                let opts = v.get("compilerOptions");
                if base_url.is_none()
                    && let Some(b) = opts.and_then(|o| o.get("baseUrl")).and_then(|b| b.as_str())
                {
                    base_url = join(&cdir, b);
                }
                if paths.is_empty()
                    && let Some(obj) = opts
                        .and_then(|o| o.get("paths"))
                        .and_then(|p| p.as_object())
                {
                    let base = opts
                        .and_then(|o| o.get("baseUrl"))
                        .and_then(|b| b.as_str())
                        .and_then(|b| join(&cdir, b))
                        .unwrap_or_else(|| cdir.clone());
                    for (k, targets) in obj {
                        let ts: Vec<String> = targets
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|t| t.as_str())
                                    .filter_map(|t| join(&base, t))
                                    .collect()
                            })
                            .unwrap_or_default();
                        paths.push((k.clone(), ts));
                    }
                }
                if let Some(ext) = v.get("extends").and_then(|e| e.as_str())
                    && ext.starts_with('.')
                    && let Some(target) = join(&cdir, ext)
                {
                    let target = if target.ends_with(".json") {
                        target
                    } else {
                        format!("{target}.json")
                    };
                    cur = raw.get(&target).map(|v| (target.clone(), *v));
                }
            }
            paths.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            self.tsconfigs.push(TsConfig {
                dir,
                base_url,
                paths,
            });
        }
        self.tsconfigs
            .sort_by(|a, b| b.dir.len().cmp(&a.dir.len()).then(a.dir.cmp(&b.dir)));
    }

    /// The nearest package (by directory) containing `path`.
    pub fn package_of(&self, path: &str) -> Option<&Package> {
        self.packages
            .iter()
            .filter(|p| p.dir.is_empty() || path.starts_with(&format!("{}/", p.dir)))
            .max_by_key(|p| p.dir.len())
    }

    fn try_file(&self, base: &str) -> Option<FileId> {
        if let Some(id) = self.by_path.get(base)
            && self.facts(*id).is_some()
        {
            return Some(*id);
        }
        // `./x` → x.ts / x.tsx / ...; TS ESM imports name the emitted `.js` file.
        if let Some(id) = self.by_stem.get(base) {
            return Some(*id);
        }
        for ext in [".js", ".jsx", ".mjs", ".cjs"] {
            if let Some(stem) = base.strip_suffix(ext)
                && let Some(id) = self.by_stem.get(stem)
            {
                return Some(*id);
            }
        }
        // A directory with an index file.
        self.by_stem.get(&format!("{base}/index")).copied()
    }

    /// Resolves an import specifier from a file to a file in the repo.
    pub fn resolve_import(&self, from: FileId, spec: &str) -> Option<FileId> {
        let dir = dir_of(self.path(from));
        if let Some(hit) = self
            .resolve_cache
            .borrow()
            .get(dir)
            .and_then(|m| m.get(spec))
        {
            return *hit;
        }
        let result = self.resolve_uncached(from, spec);
        self.resolve_cache
            .borrow_mut()
            .entry(dir.to_string())
            .or_default()
            .insert(spec.to_string(), result);
        result
    }

    fn resolve_uncached(&self, from: FileId, spec: &str) -> Option<FileId> {
        let from_path = self.path(from).to_string();
        if spec.starts_with('.') {
            return self.try_file(&join(dir_of(&from_path), spec)?);
        }
        // tsconfig `paths` of the nearest tsconfig above the importing file.
        for ts in &self.tsconfigs {
            if !(ts.dir.is_empty() || from_path.starts_with(&format!("{}/", ts.dir))) {
                continue;
            }
            for (pattern, targets) in &ts.paths {
                let matched = match pattern.strip_suffix('*') {
                    Some(prefix) => spec.strip_prefix(prefix),
                    None => (spec == pattern).then_some(""),
                };
                if let Some(rest) = matched {
                    for t in targets {
                        let candidate = t.replace('*', rest);
                        if let Some(id) = self.try_file(&candidate) {
                            return Some(id);
                        }
                    }
                }
            }
            if let Some(base) = &ts.base_url
                && let Some(id) = self.try_file(&join(base, spec)?)
            {
                return Some(id);
            }
            break;
        }
        // Common aliases without a tsconfig we could read: `@/x`, `~/x`.
        if let Some(rest) = spec.strip_prefix("@/").or_else(|| spec.strip_prefix("~/")) {
            let pkg_dir = self
                .package_of(&from_path)
                .map(|p| p.dir.clone())
                .unwrap_or_default();
            for base in ["src", ""] {
                let dir = join(&pkg_dir, base)?;
                if let Some(id) = self.try_file(&join(&dir, rest)?) {
                    return Some(id);
                }
            }
        }
        // Workspace packages: `@acme/db`, `@acme/db/client`.
        for pkg in &self.packages {
            let Some(name) = &pkg.name else { continue };
            let sub = if spec == name {
                ""
            } else if let Some(s) = spec.strip_prefix(&format!("{name}/")) {
                s
            } else {
                continue;
            };
            // The package's `exports` map decides first.
            let key = if sub.is_empty() {
                ".".to_string()
            } else {
                format!("./{sub}")
            };
            for (pattern, target) in &pkg.exports {
                let rest = match pattern.split_once('*') {
                    Some((pre, post)) => key
                        .strip_prefix(pre)
                        .and_then(|r| r.strip_suffix(post))
                        .map(str::to_string),
                    None => (*pattern == key).then(String::new),
                };
                if let Some(rest) = rest
                    && let Some(id) =
                        join(&pkg.dir, &target.replace('*', &rest)).and_then(|c| self.try_file(&c))
                {
                    return Some(id);
                }
            }
            if sub.is_empty() {
                if let Some(main) = &pkg.main
                    && let Some(id) = self.try_file(&join(&pkg.dir, main)?)
                {
                    return Some(id);
                }
                for base in ["src/index", "index", "src"] {
                    if let Some(id) = self.try_file(&join(&pkg.dir, base)?) {
                        return Some(id);
                    }
                }
            } else {
                for base in [format!("src/{sub}"), sub.to_string()] {
                    if let Some(id) = self.try_file(&join(&pkg.dir, &base)?) {
                        return Some(id);
                    }
                }
            }
        }
        None
    }

    /// What a name used in `file` refers to: a local function or binding, or an import.
    pub fn resolve_local(&self, file: FileId, name: &str, depth: u32) -> Option<Symbol> {
        if depth > 8 {
            return None;
        }
        let facts = self.facts(file)?;
        if let Some(f) = facts.top_function(name) {
            return Some(Symbol::Function(file, f.span));
        }
        if let Some(imp) = facts.import_of(name) {
            let imported = match &imp.imported {
                Imported::Named(n) => n.clone(),
                Imported::Default => "default".to_string(),
                Imported::Namespace => "*".to_string(),
            };
            return match self.resolve_import(file, &imp.source) {
                Some(target) if imported != "*" => {
                    self.resolve_export(target, &imported, depth + 1)
                }
                Some(_) => None,
                None => Some(Symbol::External {
                    source: imp.source.clone(),
                    name: imported,
                }),
            };
        }
        if let Some((idx, b)) = facts
            .top_binding_index(name)
            .map(|i| (i, &facts.bindings[i]))
        {
            if let Val::Func(span) = b.init
                && b.names.len() == 1
            {
                return Some(Symbol::Function(file, span));
            }
            // Transparent wrappers: `export const verifySession = cache(async () => {...})`.
            if let Val::Call { callee, span } = &b.init
                && b.names.len() == 1
                && super::known::is_memoizer(callee)
                && let Some(call) = facts.call_at(*span)
                && let Some(Val::Func(f)) = call.args.first()
            {
                return Some(Symbol::Function(file, *f));
            }
            return Some(Symbol::Binding {
                file,
                index: idx,
                name: name.to_string(),
            });
        }
        None
    }

    /// The object literal a name holds, where it is defined: a top-level
    /// `const auth = { required: ... }`, or a CommonJS `module.exports = { ... }` imported
    /// as a default.
    pub fn object_value(&self, file: FileId, name: &str) -> Option<(FileId, Val, Span)> {
        if let Some(Symbol::Binding {
            file: bf, index, ..
        }) = self.resolve_local(file, name, 0)
        {
            let b = self.facts(bf)?.bindings.get(index)?;
            return matches!(b.init, Val::Object(..)).then(|| (bf, b.init.clone(), b.span));
        }
        let imp = self.facts(file)?.import_of(name)?;
        if imp.imported != Imported::Default {
            return None;
        }
        let target = self.resolve_import(file, &imp.source)?;
        self.facts(target)?.exports.iter().find_map(|e| match e {
            ExportFact::Default {
                val: v @ Val::Object(..),
                span,
            } => Some((target, v.clone(), *span)),
            _ => None,
        })
    }

    /// The string a value names: a literal, or a top-level `const API_KEY_HEADER = "API-Key"`
    /// (local or imported).
    pub fn const_str(&self, file: FileId, val: &Val) -> Option<String> {
        if let Some(s) = val.as_str() {
            return Some(s.to_string());
        }
        let Val::Path(name) = val else { return None };
        if name.contains('.') {
            return None;
        }
        match self.resolve_local(file, name, 0)? {
            Symbol::Binding {
                file: bf, index, ..
            } => self
                .facts(bf)?
                .bindings
                .get(index)?
                .init
                .as_str()
                .map(str::to_string),
            _ => None,
        }
    }

    /// What `file` exports as `name`.
    pub fn resolve_export(&self, file: FileId, name: &str, depth: u32) -> Option<Symbol> {
        if depth > 8 {
            return None;
        }
        // Barrel files (`export * from ...` chains) make this expensive: memoise.
        if let Some(hit) = self
            .export_cache
            .borrow()
            .get(&file)
            .and_then(|m| m.get(name))
        {
            return hit.clone();
        }
        self.export_cache
            .borrow_mut()
            .entry(file)
            .or_default()
            .insert(name.to_string(), None);
        let result = self.resolve_export_uncached(file, name, depth);
        self.export_cache
            .borrow_mut()
            .entry(file)
            .or_default()
            .insert(name.to_string(), result.clone());
        result
    }

    fn resolve_export_uncached(&self, file: FileId, name: &str, depth: u32) -> Option<Symbol> {
        let facts = self.facts(file)?;
        for e in &facts.exports {
            match e {
                ExportFact::Local {
                    exported, local, ..
                } if exported == name => {
                    return self.resolve_local(file, local, depth + 1);
                }
                ExportFact::Default { val, .. } if name == "default" => {
                    return match val {
                        Val::Func(span) => Some(Symbol::Function(file, *span)),
                        Val::Path(p) if !p.contains('.') => self.resolve_local(file, p, depth + 1),
                        _ => None,
                    };
                }
                ExportFact::ReExport {
                    exported,
                    imported,
                    source,
                    ..
                } if exported == name => {
                    return match self.resolve_import(file, source) {
                        Some(t) => self.resolve_export(t, imported, depth + 1),
                        None => Some(Symbol::External {
                            source: source.clone(),
                            name: imported.clone(),
                        }),
                    };
                }
                _ => {}
            }
        }
        for e in &facts.exports {
            if let ExportFact::Star { source } = e
                && let Some(t) = self.resolve_import(file, source)
                && let Some(s) = self.resolve_export(t, name, depth + 1)
            {
                return Some(s);
            }
        }
        None
    }

    /// Resolves a callee path (`requireUser`, `auth.requireUser` on a namespace import).
    pub fn resolve_callee(&self, file: FileId, callee: &str) -> Option<Symbol> {
        if !callee.contains('.') && !callee.contains('(') {
            return self.resolve_local(file, callee, 0);
        }
        let (root, rest) = callee.split_once('.')?;
        if rest.contains('.') || rest.contains('(') || root.contains('(') {
            return None;
        }
        let facts = self.facts(file)?;
        let imp = facts.import_of(root)?;
        // `import * as auth`, or CommonJS `const auth = require('./auth')` then `auth.fn()`.
        if imp.imported == Imported::Namespace || imp.imported == Imported::Default {
            return match self.resolve_import(file, &imp.source) {
                Some(t) => self.resolve_export(t, rest, 0),
                None => Some(Symbol::External {
                    source: imp.source.clone(),
                    name: rest.to_string(),
                }),
            };
        }
        None
    }

    pub fn function(&self, file: FileId, span: Span) -> Option<&FnFact> {
        self.facts(file)?.function_at(span)
    }

    /// The import source a callee's root identifier comes from, if imported.
    /// Whether an import specifier names the project's own code (a relative path, an
    /// alias such as `@/lib`, a tsconfig path, or a workspace package), as opposed to a
    /// library from the registry. When such an import does not resolve, part of the
    /// project could not be read.
    pub fn is_project_source(&self, spec: &str) -> bool {
        if spec.starts_with('.')
            || spec.starts_with("@/")
            || spec.starts_with("~/")
            || spec.starts_with('#')
        {
            return true;
        }
        let matches_path = |pattern: &str| match pattern.strip_suffix('*') {
            Some(prefix) => spec.starts_with(prefix),
            None => spec == pattern,
        };
        if self
            .tsconfigs
            .iter()
            .any(|t| t.paths.iter().any(|(p, _)| matches_path(p)))
        {
            return true;
        }
        self.packages.iter().any(|p| {
            p.name.as_deref().is_some_and(|n| {
                spec == n
                    || spec
                        .strip_prefix(n)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
        })
    }

    /// The module and package that built the object a call's root names, when that root
    /// is a project binding made by a call to something imported: for
    /// `billing.checkout.sessions.create()` where `lib/billing.ts` holds `billing = new
    /// Stripe(...)`, that file and `stripe`. Calls are judged by the library an object
    /// comes from, not by what the project named it.
    pub fn built_by<'a>(&'a self, file: FileId, callee: &str) -> Option<(FileId, &'a str)> {
        let root = crate::js::facts::callee_root(callee);
        if root == callee || root.is_empty() {
            return None;
        }
        let Some(Symbol::Binding {
            file: bf, index, ..
        }) = self.resolve_local(file, root, 0)
        else {
            return None;
        };
        let Val::Call { callee: ctor, .. } = &self.facts(bf)?.bindings.get(index)?.init else {
            return None;
        };
        Some((bf, self.import_source(bf, ctor)?))
    }

    pub fn import_source<'a>(&'a self, file: FileId, callee: &str) -> Option<&'a str> {
        let root = crate::js::facts::callee_root(callee);
        self.facts(file)?.import_of(root).map(|i| i.source.as_str())
    }

    pub fn file_imports(&self, file: FileId, source_prefix: &str) -> bool {
        self.facts(file).is_some_and(|f| {
            f.imports
                .iter()
                .any(|i| i.source.starts_with(source_prefix))
        })
    }

    /// Whether `path` (root-relative) exists in the walked tree.
    pub fn exists(&self, path: &str) -> bool {
        self.all_paths.contains(path)
    }
}
