//! The `--timings` table: each stage's busy time (summed over threads), its share of all busy
//! time, and how often it was entered.

use crate::base::timings::StageTime;
use std::fmt::Write as _;
use std::time::Duration;

/// The table, with the run's wall time and thread count in its heading.
pub fn render(stages: &[StageTime], wall: Duration, threads: usize) -> String {
    let busy: Duration = stages.iter().map(|s| s.busy).sum();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut out = format!(
        "timings: {:.1} ms wall, {:.1} ms busy on {threads} thread{}\n{:<11} {:>9} {:>7} {:>8}\n",
        ms(wall),
        ms(busy),
        if threads == 1 { "" } else { "s" },
        "stage",
        "busy ms",
        "share",
        "entered",
    );
    for s in stages {
        let share = if busy.is_zero() {
            0.0
        } else {
            s.busy.as_secs_f64() / busy.as_secs_f64() * 100.0
        };
        let _ = writeln!(
            out,
            "{:<11} {:>9.1} {:>6.1}% {:>8}",
            s.stage.name(),
            ms(s.busy),
            share,
            s.calls
        );
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::timings::Stage;

    #[test]
    fn one_row_per_stage_with_its_share() {
        let stages = [
            StageTime {
                stage: Stage::Walk,
                busy: Duration::from_millis(30),
                calls: 1,
            },
            StageTime {
                stage: Stage::Parse,
                busy: Duration::from_millis(90),
                calls: 12,
            },
        ];
        let text = render(&stages, Duration::from_millis(80), 2);
        assert_eq!(
            text,
            "timings: 80.0 ms wall, 120.0 ms busy on 2 threads\n\
             stage         busy ms   share  entered\n\
             walk             30.0   25.0%        1\n\
             parse            90.0   75.0%       12"
        );
    }
}
