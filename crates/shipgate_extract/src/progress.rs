//! Counters the audit updates as it goes, for a progress line on a terminal.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// What the audit is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Walking,
    Reading,
    Linking,
    Done,
}

#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    /// Files found by the walk.
    pub total: AtomicUsize,
    /// Files read and parsed so far.
    pub read: AtomicUsize,
}

impl Progress {
    pub fn set_phase(&self, p: Phase) {
        self.phase.store(p as u8, Ordering::Relaxed);
    }

    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Walking,
            1 => Phase::Reading,
            2 => Phase::Linking,
            _ => Phase::Done,
        }
    }

    /// One line describing where the audit is: `reading 1200/5000 files`.
    pub fn line(&self) -> String {
        let total = self.total.load(Ordering::Relaxed);
        match self.phase() {
            Phase::Walking => "walking the tree".to_string(),
            Phase::Reading => format!(
                "reading and parsing {}/{} files",
                self.read.load(Ordering::Relaxed).min(total),
                total
            ),
            Phase::Linking => format!("linking {total} files into the app model"),
            Phase::Done => "running rules".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_follows_the_phase() {
        let p = Progress::default();
        assert_eq!(p.line(), "walking the tree");
        p.total.store(50, Ordering::Relaxed);
        p.read.store(20, Ordering::Relaxed);
        p.set_phase(Phase::Reading);
        assert_eq!(p.line(), "reading and parsing 20/50 files");
        p.set_phase(Phase::Linking);
        assert!(p.line().starts_with("linking 50 files"));
    }
}
