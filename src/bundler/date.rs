//! Stage 3: dates. One function, [`parse`], tries the known formats in order.
//!
//! Takes the date text from the front matter and the site's time zone; returns a UTC instant in
//! seconds. Formats, first match wins: RFC 2822 (`Tue, 19 Jul 2022 08:46:07 GMT`, `+0800`),
//! RFC 3339 / ISO 8601 with an offset, ISO 8601 with a bracketed zone, and the zone-less forms
//! Hexo writes (`YYYY-MM-DD HH:mm:ss`, `YYYY/MM/DD HH:mm`, date only), which are read in the site
//! time zone. [`from_file_name`] is the fallback for `YYYY-MM-DD-title.md` files.

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
const DATE_FORMATS: &[&str] = &["%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"];

/// Parses `text` into seconds since the Unix epoch; zone-less times are read in `tz`.
pub fn parse(text: &str, tz: &TimeZone) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    parse_instant(text, tz).map(|t| t.as_second())
}

fn parse_instant(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(text) {
        return Some(zoned.timestamp());
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
    if let Ok(date) = text.parse::<Date>() {
        return civil(date.to_datetime(jiff::civil::Time::midnight()), tz);
    }
    for format in DATE_FORMATS {
        if let Ok(date) = Date::strptime(format, text) {
            return civil(date.to_datetime(jiff::civil::Time::midnight()), tz);
        }
    }
    None
}

fn civil(dt: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    tz.to_ambiguous_zoned_datetime(dt)
        .compatible()
        .ok()
        .map(|z| z.timestamp())
}

/// The date in a `YYYY-MM-DD-` (or `YYYY-MM-DD_`) file-name prefix, at midnight in `tz`.
pub fn from_file_name(name: &str, tz: &TimeZone) -> Option<i64> {
    let prefix = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.starts_with('-') || rest.starts_with('_') || rest.starts_with(' ')) {
        return None;
    }
    let date = prefix.parse::<Date>().ok()?;
    civil(date.to_datetime(jiff::civil::Time::midnight()), tz).map(|t| t.as_second())
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
        parse(text, &TimeZone::UTC).map(|s| Timestamp::from_second(s).unwrap().to_string())
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
            ("2022-07-19", "2022-07-19T00:00:00Z"),
            ("2022/7/9", "2022-07-09T00:00:00Z"),
            ("2013/7/13 20:46:25", "2013-07-13T20:46:25Z"),
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
            Timestamp::from_second(t).unwrap().to_string(),
            "2022-07-19T08:46:07Z"
        );
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
            from_file_name("2021-03-04-hello.md", &tz),
            parse("2021-03-04", &tz)
        );
        assert_eq!(
            from_file_name("2021-03-04_hello.md", &tz),
            parse("2021-03-04", &tz)
        );
        assert_eq!(from_file_name("hello.md", &tz), None);
        assert_eq!(from_file_name("2021-13-04-x.md", &tz), None);
        assert_eq!(from_file_name("中文中文中文中文中文", &tz), None);
    }

    #[test]
    fn time_zone_names() {
        assert!(time_zone("UTC").is_ok());
        assert!(time_zone("+08:00").is_ok());
        assert!(time_zone("Not/AZone").is_err());
    }
}
