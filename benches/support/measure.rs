//! Measuring a child process: wall time and peak RSS (VmHWM from /proc, sampled until exit).
//! Shared by the benches (`#[path]`-included; not a bench target itself).
#![allow(dead_code)] // each bench uses a part of it

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd` (output discarded); its wall time and peak RSS in KiB.
pub fn run(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        let hwm = std::fs::read_to_string(&status).ok().and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        });
        peak = peak.max(hwm.unwrap_or(0));
        if child.try_wait().expect("wait").is_some() {
            return (start.elapsed(), peak);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The best time and the highest peak of `runs` runs of the command `make` builds.
pub fn best_of(runs: usize, make: impl Fn() -> Command) -> (Duration, u64) {
    (0..runs)
        .map(|_| run(&mut make()))
        .fold((Duration::MAX, 0), |(t, m), (t2, m2)| {
            (t.min(t2), m.max(m2))
        })
}
