//! Score bars for a terminal: each pattern's points as a bar of block characters, all on one
//! scale, so the gap between the winner and the runner-up shows at a glance.
//!
//! Points can be negative, so bars grow from a common zero: to the right for points, to the
//! left for penalties. Unicode bars are drawn to an eighth of a character (a half to the
//! left, where no block character grows leftwards in eighths); ASCII bars, for terminals whose
//! locale is not UTF-8 or `--ascii`, to a whole one. A vetoed pattern's bar is shaded, not
//! solid: its points no longer count.

/// How many characters a bar may take, penalties and points together.
const WIDTH: usize = 20;

/// Which characters bars are drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Glyphs {
    Unicode,
    Ascii,
}

/// The bars of one table: its scale, split at zero.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bars {
    glyphs: Glyphs,
    /// Characters per point.
    unit: f64,
    /// Characters left of zero (for penalties) and right of it (for points): together about
    /// [`WIDTH`].
    left: usize,
    right: usize,
}

impl Bars {
    /// Bars for `values`, on a scale from the lowest to the highest (and always zero).
    pub(crate) fn over(values: impl IntoIterator<Item = f64>, glyphs: Glyphs) -> Bars {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        // One scale for both sides: characters per point.
        let unit = if hi > lo {
            WIDTH as f64 / (hi - lo)
        } else {
            0.0
        };
        let side = |points: f64| (points * unit).round() as usize;
        Bars {
            glyphs,
            unit,
            left: side(-lo),
            right: side(hi),
        }
    }

    /// The bar of `value`, the same width for every value so a table's bars line up.
    pub(crate) fn draw(&self, value: f64, vetoed: bool) -> String {
        let (solid, shaded) = match self.glyphs {
            Glyphs::Unicode => ('█', '░'),
            Glyphs::Ascii => ('#', ':'),
        };
        let fill = if vetoed { shaded } else { solid };
        let mut left = " ".repeat(self.left);
        let mut right = String::new();
        if value < 0.0 && self.left > 0 {
            let cells = (-value * self.unit).min(self.left as f64);
            let bar = match (self.glyphs, vetoed) {
                // Halves of a character: no block grows leftwards in finer steps.
                (Glyphs::Unicode, false) => {
                    let halves = steps(cells, 2);
                    let half = if halves % 2 == 1 { "▐" } else { "" };
                    format!("{half}{}", "█".repeat(halves / 2))
                }
                _ => fill.to_string().repeat(steps(cells, 1)),
            };
            left = format!("{bar:>width$}", width = self.left);
        } else if value > 0.0 && self.right > 0 {
            let cells = (value * self.unit).min(self.right as f64);
            right = match (self.glyphs, vetoed) {
                (Glyphs::Unicode, false) => {
                    let eighths = steps(cells, 8);
                    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8];
                    format!("{}{partial}", "█".repeat(eighths / 8))
                }
                _ => fill.to_string().repeat(steps(cells, 1)),
            };
        }
        format!("{left}{right:<width$}", width = self.right)
    }
}

/// `cells` rounded to the nearest `1 / per_cell` of a character, in those steps; a bar for a
/// value other than zero never rounds away.
fn steps(cells: f64, per_cell: usize) -> usize {
    let steps = (cells * per_cell as f64).round() as usize;
    steps.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(bars: &Bars, values: &[f64]) -> Vec<usize> {
        values
            .iter()
            .map(|&v| bars.draw(v, false).chars().count())
            .collect()
    }

    #[test]
    fn every_bar_has_the_same_width() {
        let values = [8.0, 0.0, -4.0, -9.0, 3.5];
        for glyphs in [Glyphs::Unicode, Glyphs::Ascii] {
            let bars = Bars::over(values, glyphs);
            let w = widths(&bars, &values);
            assert!(w.iter().all(|&n| n == w[0]), "{w:?}");
            assert!((WIDTH - 1..=WIDTH + 1).contains(&w[0]), "{w:?}");
        }
    }

    #[test]
    fn points_grow_right_from_zero_and_penalties_left() {
        let bars = Bars::over([10.0, -10.0], Glyphs::Ascii);
        assert_eq!(
            bars.draw(10.0, false),
            format!("{}{}", " ".repeat(10), "#".repeat(10))
        );
        assert_eq!(
            bars.draw(-10.0, false),
            format!("{}{}", "#".repeat(10), " ".repeat(10))
        );
        assert_eq!(
            bars.draw(-5.0, false),
            format!("{}{}", " ".repeat(5), "#".repeat(5)) + &" ".repeat(10)
        );
        assert_eq!(bars.draw(0.0, false), " ".repeat(20));
    }

    #[test]
    fn unicode_bars_show_eighths_and_the_gap_between_close_scores() {
        // Without penalties the whole width is for points: 20 characters for 8 points.
        let bars = Bars::over([8.0, 7.5], Glyphs::Unicode);
        let winner = bars.draw(8.0, false);
        let runner = bars.draw(7.5, false);
        assert_eq!(winner.trim_end(), "█".repeat(20));
        // 7.5 / 8 of 20 characters is 18.75: 18 full blocks and six eighths.
        assert_eq!(runner.trim_end(), format!("{}▊", "█".repeat(18)));
        assert!(
            Bars::over([8.0, 7.5], Glyphs::Ascii)
                .draw(7.5, false)
                .trim_end()
                .len()
                < 20
        );
    }

    #[test]
    fn a_vetoed_bar_is_shaded_and_a_tiny_one_never_vanishes() {
        let bars = Bars::over([100.0, 0.1], Glyphs::Unicode);
        assert_eq!(bars.draw(0.1, false).trim(), "▏");
        assert_eq!(bars.draw(100.0, true).trim(), "░".repeat(20));
        let bars = Bars::over([4.0, -4.0], Glyphs::Ascii);
        assert_eq!(bars.draw(-4.0, true).trim(), ":".repeat(10));
    }

    #[test]
    fn only_zeroes_draw_nothing() {
        let bars = Bars::over([0.0, 0.0], Glyphs::Unicode);
        assert_eq!(bars.draw(0.0, false), "");
    }
}
