//! `folio gen`: a deterministic generator of synthetic articles in the seed's format, for
//! benchmarks and volume tests (1k / 10k / 100k).
//!
//! The same `count` and `seed` always give the same files, byte for byte. Articles look like the
//! RSS-to-Hexo output the viewer is built for: a leading blank line, YAML front matter with the
//! seven fields in the generator's order, RFC 2822 dates, a three-level category path that is
//! also the folder path, and an HTML body in a `<div>`, in Chinese or English.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A small, fast, deterministic PRNG (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车识准济己治往近且深更快非族满反查吗";
const EN: &[&str] = &[
    "the",
    "archive",
    "browser",
    "static",
    "server",
    "article",
    "reader",
    "search",
    "index",
    "build",
    "release",
    "compiler",
    "memory",
    "network",
    "update",
    "feature",
    "market",
    "phone",
    "screen",
    "battery",
    "cloud",
    "model",
    "training",
    "open",
    "source",
    "project",
    "community",
    "developer",
    "version",
    "support",
    "system",
    "window",
    "storage",
    "privacy",
    "security",
    "patch",
    "report",
    "analysis",
    "growth",
    "quarter",
    "revenue",
    "game",
    "player",
    "studio",
    "launch",
    "review",
    "camera",
    "display",
    "chip",
    "performance",
    "energy",
    "policy",
    "city",
    "transport",
    "station",
    "travel",
    "coffee",
    "river",
    "mountain",
    "weather",
    "festival",
    "rust",
    "wasm",
    "kernel",
    "driver",
    "database",
    "query",
    "latency",
    "throughput",
    "cache",
    "bundle",
];
/// A feed and its sub-feeds.
type Feed = (&'static str, &'static [&'static str]);
/// Top-level groups, their feeds and sub-feeds: the category tree of the generated archive.
const GROUPS: &[(&str, &[Feed])] = &[
    (
        "新媒体",
        &[
            ("IT 之家", &["分类资讯", "热榜"]),
            ("36kr", &["快讯", "资讯"]),
            ("cnBeta", &["最新", "热门"]),
        ],
    ),
    (
        "编程",
        &[
            ("开源中国", &["资讯", "博客"]),
            ("ACM", &["图灵奖获得者", "新闻"]),
        ],
    ),
    ("游戏", &[("3DMGame", &["新闻中心", "评测"])]),
    (
        "Engineering",
        &[
            ("Rust Blog", &["Releases", "Inside Rust"]),
            ("WebAssembly", &["News"]),
        ],
    ),
    (
        "Notes",
        &[
            ("Travel", &["Japan", "Iceland"]),
            ("Reading", &["2024", "2025"]),
        ],
    ),
];
const DAYS: &[&str] = &["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Writes `count` articles below `out`; returns how many files were written.
pub fn generate(out: &Path, count: usize, seed: u64) -> std::io::Result<usize> {
    generate_with_tags(out, count, seed, 0)
}

/// Like [`generate`], and with `tags > 0` gives each article up to three tags out of that many,
/// drawn with a long tail (Zipf-like: tag `k` about `1/(k+1)` as often as the first), the shape
/// of a real archive's tags. With `tags == 0` the files are exactly [`generate`]'s.
pub fn generate_with_tags(
    out: &Path,
    count: usize,
    seed: u64,
    tags: usize,
) -> std::io::Result<usize> {
    let han: Vec<char> = HAN.chars().collect();
    let mut rng = Rng::new(seed);
    for i in 0..count {
        let (dir, file, mut text) = article(&mut rng, &han, i);
        if tags > 0 {
            text = with_tags(&text, &tag_names(&mut rng, tags));
        }
        let dir = out.join(dir);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join(file), text)?;
    }
    Ok(count)
}

/// Up to three distinct tag names out of `vocabulary`, long-tailed.
fn tag_names(rng: &mut Rng, vocabulary: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for _ in 0..rng.below(4) {
        // Log-uniform over 1..=vocabulary: density falls as 1/k.
        let unit = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let k = ((vocabulary as f64).powf(unit) as usize).clamp(1, vocabulary) - 1;
        let name = format!("{}-{}", EN[k % EN.len()], k / EN.len());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The article `text` with a `tags:` list added to its front matter (after `categories`).
fn with_tags(text: &str, tags: &[String]) -> String {
    if tags.is_empty() {
        return text.to_string();
    }
    let list: String = tags.iter().map(|t| format!(" - {t}\n")).collect();
    text.replacen("headimg: ", &format!("tags:\n{list}headimg: "), 1)
}

fn han_text(rng: &mut Rng, han: &[char], n: usize) -> String {
    (0..n).map(|_| *rng.pick(han)).collect()
}

fn en_text(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| *rng.pick(EN)).collect::<Vec<_>>().join(" ")
}

/// One article: (folder, file name, file text).
fn article(rng: &mut Rng, han: &[char], i: usize) -> (String, String, String) {
    let (group, feeds) = rng.pick(GROUPS);
    let (feed, subs) = rng.pick(feeds);
    let sub = rng.pick(subs);
    let chinese = !group.is_ascii();
    let title = if chinese {
        let n = 6 + rng.below(10);
        let head = han_text(rng, han, n);
        format!("{head} {i} {}", han_text(rng, han, 4))
    } else {
        let n = 4 + rng.below(6);
        let mut t = en_text(rng, n);
        t[..1].make_ascii_uppercase();
        format!("{t} {i}")
    };
    // Seconds from 2019-01-01 over six years, so dates spread and rarely collide.
    let secs = 1_546_300_800 + rng.below(6 * 365 * 86_400) as i64;
    let date = rfc2822(secs);
    let image = format!(
        "https://img.example.com/{}/{:08x}.jpeg",
        2019 + (secs - 1_546_300_800) / 31_536_000,
        rng.next_u64() as u32
    );
    let mut body = String::from("<div>   \n");
    for p in 0..(2 + rng.below(6)) {
        let text = if chinese {
            let n = 40 + rng.below(120);
            let mut t = han_text(rng, han, n);
            if rng.below(3) == 0 {
                t.push_str(&format!(" {} ", en_text(rng, 2)));
                t.push_str(&han_text(rng, han, 20));
            }
            t.push('。');
            t
        } else {
            let n = 30 + rng.below(80);
            let mut t = en_text(rng, n);
            t[..1].make_ascii_uppercase();
            t.push('.');
            t
        };
        let _ = write!(body, "<p data-vmark=\"{p:04x}\">{text}</p>");
        if p == 0 && rng.below(2) == 0 {
            let _ = write!(body, "<p style=\"text-align: center;\"><img src=\"{image}\" width=\"800\" height=\"450\" referrerpolicy=\"no-referrer\"></p>");
        }
    }
    body.push_str("</div>  ");
    let title_yaml = if title.contains('\'') {
        format!("\"{title}\"")
    } else {
        format!("'{title}'")
    };
    let text = format!(
        "\n---\ntitle: {title_yaml}\ncategories: \n - {group}\n - {feed}\n - {sub}\nheadimg: '{image}'\nauthor: {feed}\ncomments: false\ndate: {date}\nthumbnail: '{image}'\n---\n\n{body}"
    );
    let file = format!(
        "{}.md",
        title.replace(['/', ':', '?', '*', '<', '>', '|', '[', ']'], "_")
    );
    (format!("{group}/{feed}/{sub}"), file, text)
}

/// `secs` as an RFC 2822 date in GMT, the way the RSS-to-Hexo generator writes it.
fn rfc2822(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::query::civil_date(secs);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundler::article::{from_text, Options};
    use crate::bundler::date;

    #[test]
    fn dates_round_trip_through_the_bundlers_parser() {
        for secs in [
            0,
            1_546_300_800,
            1_658_220_367,
            1_735_689_599,
            1_709_164_800,
        ] {
            let text = rfc2822(secs);
            assert_eq!(
                date::parse(&text, &jiff::tz::TimeZone::UTC).map(|d| d.seconds),
                Some(secs),
                "{text}"
            );
        }
    }

    #[test]
    fn tags_have_a_long_tail_and_leave_the_rest_alone() {
        let dir = std::env::temp_dir().join(format!("folio-gen-tags-{}", std::process::id()));
        let plain = dir.join("plain");
        let tagged = dir.join("tagged");
        generate(&plain, 3, 9).unwrap();
        generate_with_tags(&plain.join("again"), 3, 9, 0).unwrap();
        let files = |root: &Path| -> Vec<String> {
            let mut out: Vec<String> = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| fs::read_to_string(e.path()).unwrap())
                .collect();
            out.sort();
            out
        };
        let all = files(&plain);
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], all[1], "tags = 0 writes what generate writes");
        generate_with_tags(&tagged, 2000, 9, 5000).unwrap();
        let mut counts = std::collections::HashMap::<String, usize>::new();
        for text in files(&tagged) {
            let (a, warnings) = from_text("x.md", &text, &Options::default()).unwrap();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert!(a.summary.tags.len() <= 3);
            for t in a.summary.tags {
                *counts.entry(t).or_default() += 1;
            }
        }
        let most = counts.values().max().copied().unwrap_or(0);
        assert!(counts.len() > 500, "a long tail: {} tags", counts.len());
        assert!(most > 50, "and a head: {most}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn generated_articles_bundle_without_warnings_and_are_deterministic() {
        let han: Vec<char> = HAN.chars().collect();
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for i in 0..200 {
            let one = article(&mut a, &han, i);
            assert_eq!(one, article(&mut b, &han, i));
            let (dir, file, text) = one;
            let (art, warnings) =
                from_text(&format!("{dir}/{file}"), &text, &Options::default()).unwrap();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(art.summary.categories[0].join("/"), dir);
            assert!(art.summary.date.is_some() && !art.summary.title.is_empty());
        }
    }
}
