//! What the accept loop does when `accept` fails. Running out of file descriptors
//! (EMFILE/ENFILE) or memory leaves the pending connection in the backlog, so retrying
//! at once fails again at once: a busy core and a log line per attempt. Instead wait,
//! doubling the wait, and write one log line per `LOG_EVERY`.

use std::io;
use std::time::{Duration, Instant};

pub const FIRST_DELAY: Duration = Duration::from_millis(10);
pub const MAX_DELAY: Duration = Duration::from_secs(1);
pub const LOG_EVERY: Duration = Duration::from_secs(5);

/// Exponential delay between failed accepts: 10 ms doubling to 1 s, reset by a success.
#[derive(Debug)]
pub struct AcceptBackoff {
    next: Duration,
}

impl Default for AcceptBackoff {
    fn default() -> Self {
        Self { next: FIRST_DELAY }
    }
}

impl AcceptBackoff {
    /// How long to wait before accepting again after `error`.
    pub fn on_error(&mut self, error: &io::Error) -> Duration {
        if is_per_connection(error) {
            // That connection is gone; the next one in the backlog may be fine.
            return Duration::ZERO;
        }
        let delay = self.next;
        self.next = (self.next * 2).min(MAX_DELAY);
        delay
    }

    pub fn on_success(&mut self) {
        self.next = FIRST_DELAY;
    }
}

/// Errors about one pending connection rather than about the listener or the process.
fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
    )
}

/// Rate limit for the "accept failed" log line.
#[derive(Debug, Default)]
pub struct ErrorLog {
    last_line: Option<Instant>,
    /// Failures since the last line was written.
    suppressed: u64,
    /// Failures since the last successful accept.
    streak: u64,
}

impl ErrorLog {
    /// Records a failure at `now`; `Some(n)` = write a line now, `n` failures were
    /// left unlogged since the previous one.
    pub fn failure(&mut self, now: Instant) -> Option<u64> {
        self.streak += 1;
        match self.last_line {
            Some(at) if now.duration_since(at) < LOG_EVERY => {
                self.suppressed += 1;
                None
            }
            _ => {
                self.last_line = Some(now);
                Some(std::mem::take(&mut self.suppressed))
            }
        }
    }

    /// Records a successful accept; `Some(n)` = it ends a streak of `n` failures.
    pub fn success(&mut self) -> Option<u64> {
        self.suppressed = 0;
        self.last_line = None;
        Some(std::mem::take(&mut self.streak)).filter(|n| *n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emfile() -> io::Error {
        io::Error::from_raw_os_error(24)
    }

    #[test]
    fn delay_doubles_from_10ms_to_1s_and_resets_on_success() {
        let mut b = AcceptBackoff::default();
        let delays: Vec<u64> = (0..9)
            .map(|_| b.on_error(&emfile()).as_millis() as u64)
            .collect();
        assert_eq!(delays, [10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
        b.on_success();
        assert_eq!(b.on_error(&emfile()), FIRST_DELAY);
    }

    #[test]
    fn a_connection_reset_before_accept_is_retried_at_once() {
        let mut b = AcceptBackoff::default();
        let reset = io::Error::from(io::ErrorKind::ConnectionAborted);
        assert_eq!(b.on_error(&reset), Duration::ZERO);
        // ...and does not grow the delay for real failures.
        assert_eq!(b.on_error(&emfile()), FIRST_DELAY);
    }

    #[test]
    fn one_line_per_log_interval_with_the_count_left_out() {
        let mut log = ErrorLog::default();
        let t0 = Instant::now();
        assert_eq!(log.failure(t0), Some(0));
        for i in 1..100 {
            assert_eq!(log.failure(t0 + Duration::from_millis(i * 10)), None);
        }
        assert_eq!(log.failure(t0 + LOG_EVERY), Some(99));
        assert_eq!(log.failure(t0 + LOG_EVERY), None);
        assert_eq!(log.success(), Some(102));
        assert_eq!(log.success(), None);
        // After a recovery the next failure is logged straight away.
        assert_eq!(log.failure(t0 + LOG_EVERY), Some(0));
    }
}
