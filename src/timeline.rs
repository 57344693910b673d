//! The timeline's bars, for both targets and tested natively: articles per month, or per day
//! when the dated articles of a view span two months or less, every step between the first and
//! the last drawn (empty ones too, so that gaps show).

use crate::model::MonthCount;
use crate::query::{civil_date, DayCount, YearMonth};

/// Views whose dated articles span at most this many days are drawn day by day.
pub const DAYS_AT_MOST: u32 = 62;

/// One bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    /// The month it stands for, or holds its day.
    pub month: YearMonth,
    /// Its day of the month, for a day's bar.
    pub day: Option<u32>,
    pub n: u32,
}

/// The bars of a view, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bars {
    pub bars: Vec<Bar>,
    /// Day by day rather than month by month.
    pub daily: bool,
}

impl Bars {
    /// From articles per day (a filtered view's counts).
    pub fn from_days(days: &[DayCount]) -> Self {
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            return Self::default();
        };
        if last.day - first.day < DAYS_AT_MOST {
            let mut at = days.iter().peekable();
            let bars = (first.day..=last.day)
                .map(|day| {
                    let n = match at.peek() {
                        Some(c) if c.day == day => at.next().map_or(0, |c| c.n),
                        _ => 0,
                    };
                    let (year, month, d) = civil_date(i64::from(day - 1) * 86_400);
                    Bar {
                        month: YearMonth { year, month },
                        day: Some(d),
                        n,
                    }
                })
                .collect();
            return Self { bars, daily: true };
        }
        let mut months: Vec<MonthCount> = Vec::new();
        for c in days {
            let Some(m) = YearMonth::of_day(c.day) else {
                continue;
            };
            match months.last_mut() {
                Some(last) if last.y == m.year && last.m == m.month => last.n += c.n,
                _ => months.push(MonthCount {
                    y: m.year,
                    m: m.month,
                    n: c.n,
                }),
            }
        }
        Self::from_months(&months)
    }

    /// From articles per month, oldest first (the bundle's own, for the unfiltered view).
    pub fn from_months(months: &[MonthCount]) -> Self {
        let month = |c: &MonthCount| YearMonth {
            year: c.y,
            month: c.m,
        };
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Self::default();
        };
        let mut at = months.iter().peekable();
        let mut bars = Vec::new();
        let mut m = month(first);
        while m <= month(last) {
            let n = match at.peek() {
                Some(c) if month(c) == m => at.next().map_or(0, |c| c.n),
                _ => 0,
            };
            bars.push(Bar {
                month: m,
                day: None,
                n,
            });
            m = m.next();
        }
        Self { bars, daily: false }
    }

    /// How many articles the bars hold.
    pub fn total(&self) -> u32 {
        self.bars.iter().map(|b| b.n).sum()
    }

    /// The bar with the most articles (the first of equals).
    pub fn busiest(&self) -> Option<&Bar> {
        self.bars
            .iter()
            .fold(None, |best: Option<&Bar>, b| match best {
                Some(x) if x.n >= b.n => Some(x),
                _ => Some(b),
            })
            .filter(|b| b.n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    /// The columns' day of a civil date.
    fn day(year: i32, month: u32, d: u32) -> u32 {
        let mut day = 1;
        while civil_date(i64::from(day - 1) * 86_400) != (year, month, d) {
            day += 1;
        }
        day
    }

    #[test]
    fn months_fill_their_gaps_across_a_year() {
        let months = [
            MonthCount {
                y: 2021,
                m: 11,
                n: 2,
            },
            MonthCount {
                y: 2022,
                m: 2,
                n: 5,
            },
        ];
        let bars = Bars::from_months(&months);
        assert!(!bars.daily);
        let got: Vec<(YearMonth, u32)> = bars.bars.iter().map(|b| (b.month, b.n)).collect();
        assert_eq!(
            got,
            vec![
                (ym(2021, 11), 2),
                (ym(2021, 12), 0),
                (ym(2022, 1), 0),
                (ym(2022, 2), 5)
            ]
        );
        assert_eq!(bars.total(), 7);
        assert_eq!(bars.busiest().map(|b| b.month), Some(ym(2022, 2)));
    }

    #[test]
    fn a_short_span_is_drawn_day_by_day() {
        let days = [
            DayCount {
                day: day(2022, 7, 30),
                n: 1,
            },
            DayCount {
                day: day(2022, 8, 2),
                n: 3,
            },
        ];
        let bars = Bars::from_days(&days);
        assert!(bars.daily);
        let got: Vec<(u32, Option<u32>, u32)> = bars
            .bars
            .iter()
            .map(|b| (b.month.month, b.day, b.n))
            .collect();
        assert_eq!(
            got,
            vec![
                (7, Some(30), 1),
                (7, Some(31), 0),
                (8, Some(1), 0),
                (8, Some(2), 3)
            ]
        );
    }

    #[test]
    fn a_long_span_is_drawn_month_by_month() {
        let days = [
            DayCount {
                day: day(2022, 1, 5),
                n: 1,
            },
            DayCount {
                day: day(2022, 1, 9),
                n: 2,
            },
            DayCount {
                day: day(2022, 4, 1),
                n: 1,
            },
        ];
        let bars = Bars::from_days(&days);
        assert!(!bars.daily);
        let got: Vec<u32> = bars.bars.iter().map(|b| b.n).collect();
        assert_eq!(got, vec![3, 0, 0, 1]);
        assert_eq!(Bars::from_days(&[]), Bars::default());
    }
}
