//! Stage 3: dates. One function, [`parse`], tries the known formats in order.
//!
//! Takes the date text from the front matter and the site's time zone; returns a [`When`]: a UTC
//! instant in seconds, and whether the text gave only a calendar day. Formats, first match wins:
//! RFC 2822 (`Tue, 19 Jul 2022 08:46:07 GMT`, `+0800`; a wrong weekday ignored), RFC 3339 /
//! ISO 8601 with an offset, ISO 8601 with a bracketed zone, and the zone-less forms Hexo writes
//! (`YYYY-MM-DD HH:mm:ss`, `YYYY/MM/DD HH:mm`), which are read in the site time zone. A date without a time
//! (`YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日`) names a calendar day, not an instant: it is that day
//! at 00:00 UTC with [`When::day`] set, so that it shows as the same day in every time zone.
//! [`from_file_name`] is the fallback for `YYYY-MM-DD-title.md` files (a day too).

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Zone-less layouts, tried in order after the zoned ones.
const CIVIL_FORMATS: &[&str] = &[
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
];
/// Layouts of a day without a time, tried before everything else.
const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"];

/// A publication or update date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct When {
    /// Seconds since the Unix epoch, UTC.
    pub seconds: i64,
    /// The source gave a calendar day without a time: `seconds` is that day at 00:00 UTC.
    pub day: bool,
}

impl When {
    /// The calendar day of this date in `tz`: its own day when [`When::day`] is set.
    pub fn civil_day(self, tz: &TimeZone) -> Option<Date> {
        let timestamp = Timestamp::from_second(self.seconds).ok()?;
        let zone = if self.day { &TimeZone::UTC } else { tz };
        Some(zone.to_datetime(timestamp).date())
    }
}

/// Parses `text`; zone-less times are read in `tz`, a date without a time is a [`When::day`].
pub fn parse(text: &str, tz: &TimeZone) -> Option<When> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    if let Some(day) = parse_day(text) {
        return day_at_utc_midnight(day);
    }
    parse_instant(text, tz).map(|instant| When {
        seconds: instant.as_second(),
        day: false,
    })
}

fn day_at_utc_midnight(date: Date) -> Option<When> {
    let midnight = date.to_datetime(jiff::civil::Time::midnight());
    let seconds = TimeZone::UTC.to_timestamp(midnight).ok()?.as_second();
    Some(When { seconds, day: true })
}

fn parse_instant(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(text) {
        return Some(zoned.timestamp());
    }
    // Feeds often carry a weekday that does not match the date (`Thu, 05 Jan 2026`, a Monday);
    // browsers' `Date` and so Hexo ignore it and keep the date, and so does Folio.
    if let Some((weekday, rest)) = text.split_once(',') {
        if weekday.len() == 3 && weekday.bytes().all(|b| b.is_ascii_alphabetic()) {
            if let Ok(zoned) = jiff::fmt::rfc2822::parse(rest.trim_start()) {
                return Some(zoned.timestamp());
            }
        }
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(zoned) = text.parse::<ZonedDateTime>() {
        return Some(zoned.timestamp());
    }
    if let Ok(dt) = text.parse::<DateTime>() {
        return civil(dt, tz);
    }
    for format in CIVIL_FORMATS {
        if let Ok(dt) = DateTime::strptime(format, text) {
            return civil(dt, tz);
        }
    }
    None
}

fn parse_day(text: &str) -> Option<Date> {
    DATE_FORMATS
        .iter()
        .find_map(|format| Date::strptime(format, text).ok())
}

fn civil(dt: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    tz.to_ambiguous_zoned_datetime(dt)
        .compatible()
        .ok()
        .map(|z| z.timestamp())
}

/// The day in a `YYYY-MM-DD-` (or `YYYY-MM-DD_`) file-name prefix.
pub fn from_file_name(name: &str) -> Option<When> {
    let prefix = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.starts_with('-') || rest.starts_with('_') || rest.starts_with(' ')) {
        return None;
    }
    day_at_utc_midnight(prefix.parse::<Date>().ok()?)
}

/// Resolves a `--timezone` value: an IANA name (`Asia/Shanghai`), `UTC`, or a fixed offset
/// (`+08:00`).
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Ok(TimeZone::UTC);
    }
    if name.starts_with('+') || name.starts_with('-') {
        let offset = jiff::fmt::temporal::DateTimeParser::new()
            .parse_time_zone(name)
            .map_err(|e| format!("invalid offset {name:?}: {e}"))?;
        return Ok(offset);
    }
    TimeZone::get(name).map_err(|e| format!("unknown time zone {name:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Option<String> {
        let when = parse(text, &TimeZone::UTC)?;
        let instant = Timestamp::from_second(when.seconds).unwrap().to_string();
        Some(if when.day {
            format!("{instant} (day)")
        } else {
            instant
        })
    }

    #[test]
    fn formats_table() {
        let cases = [
            ("Tue, 19 Jul 2022 08:46:07 GMT", "2022-07-19T08:46:07Z"),
            ("Tue, 19 Jul 2022 16:46:07 +0800", "2022-07-19T08:46:07Z"),
            ("19 Jul 2022 08:46:07 +0000", "2022-07-19T08:46:07Z"),
            ("2022-07-19T08:46:07Z", "2022-07-19T08:46:07Z"),
            ("2022-07-19T16:46:07+08:00", "2022-07-19T08:46:07Z"),
            ("2022-07-19T08:46:07.5Z", "2022-07-19T08:46:07Z"),
            ("2022-07-19 08:46:07", "2022-07-19T08:46:07Z"),
            ("2022-07-19T08:46:07", "2022-07-19T08:46:07Z"),
            ("2022/07/19 08:46:07", "2022-07-19T08:46:07Z"),
            ("2022/07/19 08:46", "2022-07-19T08:46:00Z"),
            ("2022-07-19 08:46", "2022-07-19T08:46:00Z"),
            ("2022-07-19", "2022-07-19T00:00:00Z (day)"),
            ("2022/7/9", "2022-07-09T00:00:00Z (day)"),
            ("2022年7月9日", "2022-07-09T00:00:00Z (day)"),
            ("2013/7/13 20:46:25", "2013-07-13T20:46:25Z"),
            // 5 January 2026 is a Monday: the weekday is ignored, as browsers ignore it.
            ("Thu, 05 Jan 2026 08:00:00 GMT", "2026-01-05T08:00:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(utc(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn garbage_is_none() {
        for text in [
            "",
            "soon",
            "2022-13-45",
            "Tue, 32 Jul 2022",
            "yesterday at noon",
            &"9".repeat(100),
        ] {
            assert_eq!(utc(text), None, "{text}");
        }
    }

    #[test]
    fn zone_less_dates_use_the_site_zone() {
        let shanghai = time_zone("+08:00").unwrap();
        let t = parse("2022-07-19 16:46:07", &shanghai).unwrap();
        assert_eq!(
            Timestamp::from_second(t.seconds).unwrap().to_string(),
            "2022-07-19T08:46:07Z"
        );
        // A day is the same day in every zone: its instant does not move, and its civil day
        // is its own even where midnight UTC falls on the day before.
        let day = parse("2022-07-19", &shanghai).unwrap();
        assert_eq!(day, parse("2022-07-19", &TimeZone::UTC).unwrap());
        let new_york = time_zone("-05:00").unwrap();
        assert_eq!(day.civil_day(&new_york).unwrap().to_string(), "2022-07-19");
        assert_eq!(t.civil_day(&new_york).unwrap().to_string(), "2022-07-19");
        let late = parse("2022-07-19 02:00", &TimeZone::UTC).unwrap();
        assert_eq!(late.civil_day(&new_york).unwrap().to_string(), "2022-07-18");
        // A zoned date ignores the site zone.
        assert_eq!(
            parse("Tue, 19 Jul 2022 08:46:07 GMT", &shanghai),
            parse("2022-07-19T08:46:07Z", &TimeZone::UTC)
        );
    }

    #[test]
    fn file_name_prefix() {
        let tz = TimeZone::UTC;
        assert_eq!(
            from_file_name("2021-03-04-hello.md"),
            parse("2021-03-04", &tz)
        );
        assert_eq!(
            from_file_name("2021-03-04_hello.md"),
            parse("2021-03-04", &tz)
        );
        assert_eq!(from_file_name("hello.md"), None);
        assert_eq!(from_file_name("2021-13-04-x.md"), None);
        assert_eq!(from_file_name("中文中文中文中文中文"), None);
    }

    #[test]
    fn time_zone_names() {
        assert!(time_zone("UTC").is_ok());
        assert!(time_zone("+08:00").is_ok());
        assert!(time_zone("Not/AZone").is_err());
    }

    #[test]
    fn days_without_a_time_are_calendar_days_in_every_zone() {
        let day = |text: &str, zone: &str| parse(text, &time_zone(zone).unwrap());
        let expected = Some(When {
            seconds: 1_719_446_400, // 2024-06-27T00:00:00Z
            day: true,
        });
        for zone in [
            "UTC",
            "Asia/Shanghai",
            "America/Los_Angeles",
            "+14:00",
            "-12:00",
        ] {
            for text in [
                "2024-06-27",
                "2024/06/27",
                "2024/6/27",
                "2024.06.27",
                "2024年6月27日",
            ] {
                assert_eq!(day(text, zone), expected, "{text} in {zone}");
            }
        }
        // A time, even midnight, makes it an instant in the site's zone.
        let midnight = day("2024-06-27 00:00:00", "Asia/Shanghai").unwrap();
        assert_eq!(midnight.seconds, 1_719_446_400 - 8 * 3600);
        assert!(!midnight.day);
        assert!(!day("2024-06-27T00:00:00Z", "UTC").unwrap().day);
    }

    /// The fixtures in `tests/fixtures/hexo/dates`, against what Hexo 8.1.2 made of them
    /// (`timezone: Asia/Shanghai`, then `America/Los_Angeles`). Zone-less times agree. Where
    /// they differ, Folio keeps what the writer wrote: a day stays that day (Hexo: midnight in
    /// the site's zone), an explicit offset or `Z` is kept (Hexo shifts every YAML timestamp by
    /// the site's offset), and a `YYYY-MM-DD-` file name gives the day (Hexo, with its default
    /// `new_post_name`, takes the file's time).
    #[test]
    fn hexo_fixtures() {
        let cases = [
            // file, Hexo in Shanghai, Folio in Shanghai, Hexo in Los Angeles, Folio in LA
            (
                "day-only.md",
                "2024-06-26T16:00:00Z",
                "2024-06-27T00:00:00Z",
                "2024-06-27T07:00:00Z",
                "2024-06-27T00:00:00Z",
            ),
            (
                "local-time.md",
                "2024-06-27T02:30:00Z",
                "2024-06-27T02:30:00Z",
                "2024-06-27T17:30:00Z",
                "2024-06-27T17:30:00Z",
            ),
            (
                "slashes.md",
                "2024-06-27T15:59:00Z",
                "2024-06-27T15:59:00Z",
                "2024-06-28T06:59:00Z",
                "2024-06-28T06:59:00Z",
            ),
            (
                "offset.md",
                "2024-06-27T00:30:00Z",
                "2024-06-27T08:30:00Z",
                "2024-06-27T15:30:00Z",
                "2024-06-27T08:30:00Z",
            ),
            (
                "utc.md",
                "2024-06-27T02:30:00Z",
                "2024-06-27T10:30:00Z",
                "2024-06-27T17:30:00Z",
                "2024-06-27T10:30:00Z",
            ),
        ];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hexo/dates");
        for (file, hexo_sh, folio_sh, hexo_la, folio_la) in cases {
            let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
            let value = text
                .lines()
                .find_map(|l| l.strip_prefix("date:"))
                .unwrap()
                .trim();
            for (zone, hexo, folio) in [
                ("Asia/Shanghai", hexo_sh, folio_sh),
                ("America/Los_Angeles", hexo_la, folio_la),
            ] {
                let got = parse(value, &time_zone(zone).unwrap()).unwrap();
                let shown = Timestamp::from_second(got.seconds).unwrap().to_string();
                assert_eq!(shown, folio, "{file} in {zone} (Hexo: {hexo})");
                assert_eq!(got.day, file == "day-only.md", "{file}");
            }
        }
        let named = from_file_name("2014-07-13-from-the-name.md").unwrap();
        assert_eq!(
            Timestamp::from_second(named.seconds).unwrap().to_string(),
            "2014-07-13T00:00:00Z"
        );
        assert!(named.day);
    }
}
