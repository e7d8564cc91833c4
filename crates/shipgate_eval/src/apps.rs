//! `eval/apps.toml`: the apps of the evaluation set, pinned by commit, each in the
//! training or the held-out check set.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Set {
    /// Rules may be fixed from what these apps show.
    Train,
    /// Held out: only the figures are read.
    Check,
}

impl Set {
    pub const fn as_str(self) -> &'static str {
        match self {
            Set::Train => "train",
            Set::Check => "check",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    /// `owner/name` on GitHub.
    pub repo: String,
    pub commit: String,
    pub kind: String,
    pub set: Set,
    /// What the app is, for people reading the list.
    #[serde(default)]
    #[allow(dead_code)]
    pub note: String,
}

impl App {
    /// The directory and label-file stem: `owner__name`.
    pub fn slug(&self) -> String {
        self.repo.replace('/', "__")
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AppsFile {
    app: Vec<App>,
}

pub fn parse(text: &str) -> Result<Vec<App>, String> {
    let file: AppsFile = toml::from_str(text).map_err(|e| format!("apps.toml: {e}"))?;
    for a in &file.app {
        if a.repo.split('/').count() != 2 || a.commit.len() != 40 {
            return Err(format!(
                "apps.toml: `{}` needs owner/name and a 40-hex commit",
                a.repo
            ));
        }
    }
    Ok(file.app)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_apps_and_rejects_bad_entries() {
        let ok = "[[app]]\nrepo = \"a/b\"\ncommit = \"0123456789012345678901234567890123456789\"\nkind = \"express\"\nset = \"check\"\n";
        let apps = parse(ok).unwrap();
        assert_eq!(apps[0].slug(), "a__b");
        assert_eq!(apps[0].set, Set::Check);
        assert!(parse(&ok.replace("a/b", "ab")).is_err());
        assert!(parse(&ok.replace("check", "other")).is_err());
    }
}
