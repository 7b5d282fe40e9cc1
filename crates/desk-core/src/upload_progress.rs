//! Upload progress as the UI sees it. The client reports after every 64 KiB it reads (about
//! 800 reports for 50 MB), and every report that crosses into the webview costs a message
//! and a render; one report per whole percent keeps the bar just as smooth for far less.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use lumx::ProgressFn;
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UploadProgress {
    pub sent: u64,
    pub total: u64,
}

/// Lets through the first report and then one per new whole percent (so 100 % exactly once).
#[derive(Debug, Default)]
pub struct PercentSteps {
    /// One more than the last percent reported; 0 before the first report.
    next_floor: AtomicU64,
}

impl PercentSteps {
    pub fn should_report(&self, sent: u64, total: u64) -> bool {
        let percent = if total == 0 {
            100
        } else {
            (u128::from(sent.min(total)) * 100 / u128::from(total)) as u64
        };
        self.next_floor.fetch_max(percent + 1, Ordering::Relaxed) <= percent
    }
}

/// The client's progress callback, forwarding only what [`PercentSteps`] lets through.
pub fn thinned(report: impl Fn(UploadProgress) + Send + Sync + 'static) -> ProgressFn {
    let steps = PercentSteps::default();
    Arc::new(move |sent, total| {
        if steps.should_report(sent, total) {
            report(UploadProgress { sent, total });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn fifty_megabytes_in_64_kib_reads_make_at_most_101_reports() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let progress = thinned(move |p| sink.lock().unwrap().push(p));
        let total = 50 * 1024 * 1024;
        let mut sent = 0;
        progress(0, total);
        while sent < total {
            sent = (sent + 64 * 1024).min(total);
            progress(sent, total);
        }
        let seen = seen.lock().unwrap();
        assert!(seen.len() <= 101, "{} reports", seen.len());
        assert_eq!(seen.first(), Some(&UploadProgress { sent: 0, total }));
        assert_eq!(seen.last(), Some(&UploadProgress { sent: total, total }));
        assert!(seen.windows(2).all(|w| w[0].sent < w[1].sent));
    }

    #[test]
    fn every_new_percent_is_reported_once_and_completion_exactly_once() {
        let steps = PercentSteps::default();
        assert!(steps.should_report(0, 1000));
        assert!(!steps.should_report(5, 1000), "still 0 %");
        assert!(steps.should_report(10, 1000), "1 %");
        assert!(steps.should_report(500, 1000), "jumps are fine");
        assert!(!steps.should_report(400, 1000), "never backwards");
        assert!(steps.should_report(1000, 1000));
        assert!(!steps.should_report(1000, 1000), "100 % only once");
    }

    #[test]
    fn an_empty_or_overshooting_upload_counts_as_complete() {
        assert!(PercentSteps::default().should_report(0, 0));
        let steps = PercentSteps::default();
        assert!(steps.should_report(u64::MAX, 10));
        assert!(!steps.should_report(10, 10));
    }
}
