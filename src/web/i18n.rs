//! UI text in English and Chinese (zh-CN), and locale-aware numbers and dates.
//!
//! The language is the host's (`lang` attribute), else the reader's choice (remembered in
//! `localStorage`), else the bundle's (the site's `language`), else the browser's
//! (`navigator.languages`). Every string the UI shows comes from a [`Texts`] table.

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// Every UI string, per language.
pub struct Texts {
    pub code: &'static str,
    pub switch_to: &'static str,
    pub switch_label: &'static str,
    pub filter_label: &'static str,
    pub filter_placeholder: &'static str,
    pub articles: &'static str,
    pub filters: &'static str,
    pub categories: &'static str,
    pub authors: &'static str,
    pub tags: &'static str,
    pub dates: &'static str,
    pub kinds: &'static str,
    pub posts: &'static str,
    pub pages: &'static str,
    pub pinned: &'static str,
    pub date_range: &'static str,
    pub date_from: &'static str,
    pub date_to: &'static str,
    pub date_placeholder: &'static str,
    pub clear_all: &'static str,
    pub best_match: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,
    pub no_results: &'static str,
    pub searching: &'static str,
    pub search_failed: &'static str,
    pub files_failed: &'static str,
    pub back: &'static str,
    pub loading: &'static str,
    pub loading_body: &'static str,
    pub index_failed: &'static str,
    pub body_failed: &'static str,
    pub retry: &'static str,
    pub not_found: &'static str,
    pub nothing_here: &'static str,
    pub deleted: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub shortcuts: &'static str,
    pub close: &'static str,
    pub theme_dark: &'static str,
    pub theme_light: &'static str,
    pub help: &'static str,
    pub article_nav: &'static str,
    pub related: &'static str,
    pub reading: &'static str,
    pub unread: &'static str,
    pub starred: &'static str,
    pub star: &'static str,
    pub read: &'static str,
    pub mark_all_read: &'static str,
    pub export_marks: &'static str,
    pub import_marks: &'static str,
    pub contents: &'static str,
    pub image_label: &'static str,
    pub clear_filters: &'static str,
    pub search_everything: &'static str,
    pub make_bundle: &'static str,
    pub keys: &'static [(&'static str, &'static str)],
}

const EN: Texts = Texts {
    code: "en",
    switch_to: "中文",
    switch_label: "切换到中文",
    filter_label: "Search articles",
    filter_placeholder: "Search titles and text…",
    articles: "Articles",
    filters: "Filters",
    categories: "Categories",
    authors: "Authors",
    tags: "Tags",
    dates: "Date",
    kinds: "Type",
    posts: "Posts",
    pages: "Pages",
    pinned: "Pinned",
    date_range: "Date range",
    date_from: "From",
    date_to: "To",
    date_placeholder: "YYYY-MM-DD",
    clear_all: "Clear all filters",
    best_match: "Best match first",
    newest_first: "Newest first",
    oldest_first: "Oldest first",
    no_results: "No article matches these filters.",
    searching: "Searching…",
    search_failed: "Full-text search is unavailable for now. ",
    files_failed: "Part of the archive could not be loaded. ",
    back: "← All articles",
    loading: "Loading articles…",
    loading_body: "Loading the article…",
    index_failed: "The article index could not be loaded.",
    body_failed: "This article could not be loaded.",
    retry: "Retry",
    not_found: "Not found",
    nothing_here: "There is nothing at this address.",
    deleted: "This article was deleted.",
    previous: "Previous",
    next: "Next",
    shortcuts: "Keyboard and search",
    close: "Close",
    theme_dark: "Dark theme",
    theme_light: "Light theme",
    help: "Keyboard shortcuts (?)",
    article_nav: "Previous and next article",
    related: "Related articles",
    reading: "Reading",
    unread: "Unread",
    starred: "Starred",
    star: "Star",
    read: "Read",
    mark_all_read: "Mark all in this view as read",
    export_marks: "Export read and starred",
    import_marks: "Import…",
    contents: "Contents",
    image_label: "Image, full size (Esc closes)",
    clear_filters: "Clear the filters",
    search_everything: "Search all articles",
    make_bundle: "Make one with: folio bundle <articles folder> --out data",
    keys: &[
        ("/", "Focus the search box"),
        ("j / k", "Next / previous article in the list"),
        ("Enter / o", "Open the selected article"),
        ("Esc / u", "Back to the list"),
        ("n / p", "Next / previous article"),
        ("s", "Star or unstar the article"),
        ("m", "Mark the article read or unread"),
        ("?", "Show or hide this help"),
        (
            "残疾人 rust",
            "Search: every term; Chinese of any length, whole words",
        ),
        ("\"a phrase\"", "Search these words in this order"),
        ("-word", "Leave out articles with this term"),
        ("title:word", "Only in titles (also -title:word)"),
        (
            "author:name tag:name",
            "By author or tag (\"…\" around a name with spaces); two of one field: either",
        ),
        (
            "cat:新媒体/IT之家",
            "In this category (its path, / between levels)",
        ),
        (
            "after:2023 before:2024-07-15",
            "Dates after / before a year, month or day",
        ),
    ],
};

const ZH: Texts = Texts {
    code: "zh-CN",
    switch_to: "English",
    switch_label: "Switch to English",
    filter_label: "搜索文章",
    filter_placeholder: "搜索标题和正文…",
    articles: "文章列表",
    filters: "筛选",
    categories: "分类",
    authors: "作者",
    tags: "标签",
    dates: "日期",
    kinds: "类型",
    posts: "文章",
    pages: "页面",
    pinned: "置顶",
    date_range: "日期范围",
    date_from: "从",
    date_to: "到",
    date_placeholder: "年-月-日",
    clear_all: "清除全部筛选",
    best_match: "最相关优先",
    newest_first: "最新优先",
    oldest_first: "最早优先",
    no_results: "没有符合条件的文章。",
    searching: "正在搜索…",
    search_failed: "全文搜索暂时不可用。",
    files_failed: "部分归档内容无法加载。",
    back: "← 返回列表",
    loading: "正在加载文章…",
    loading_body: "正在加载文章内容…",
    index_failed: "无法加载文章索引。",
    body_failed: "无法加载这篇文章。",
    retry: "重试",
    not_found: "未找到",
    nothing_here: "这个地址没有内容。",
    deleted: "这篇文章已被删除。",
    previous: "上一篇",
    next: "下一篇",
    shortcuts: "键盘与搜索",
    close: "关闭",
    theme_dark: "深色模式",
    theme_light: "浅色模式",
    help: "键盘快捷键（?）",
    article_nav: "上一篇和下一篇",
    related: "相关文章",
    reading: "阅读记录",
    unread: "未读",
    starred: "已收藏",
    star: "收藏",
    read: "已读",
    mark_all_read: "将此视图全部标为已读",
    export_marks: "导出已读和收藏",
    import_marks: "导入…",
    contents: "目录",
    image_label: "原尺寸图片（Esc 关闭）",
    clear_filters: "清除筛选",
    search_everything: "搜索全部文章",
    make_bundle: "可用此命令生成：folio bundle <文章目录> --out data",
    keys: &[
        ("/", "聚焦搜索框"),
        ("j / k", "列表中的下一篇 / 上一篇"),
        ("Enter / o", "打开选中的文章"),
        ("Esc / u", "返回列表"),
        ("n / p", "下一篇 / 上一篇文章"),
        ("s", "收藏或取消收藏文章"),
        ("m", "将文章标为已读或未读"),
        ("?", "显示或隐藏此帮助"),
        ("残疾人 rust", "搜索：须含全部词语；中文任意长度，英文整词"),
        ("\"a phrase\"", "按此顺序连续出现的词"),
        ("-word", "排除含此词的文章"),
        ("title:词", "只在标题中查找（也可 -title:词）"),
        (
            "author:名字 tag:名字",
            "按作者或标签（名字含空格时加 \"…\"）；同一字段写两次：任一即可",
        ),
        ("cat:新媒体/IT之家", "在此分类中（分类路径，层级间用 /）"),
        (
            "after:2023 before:2024-07-15",
            "晚于 / 早于某年、某月或某日",
        ),
    ],
};

const STORAGE_KEY: &str = "folio-lang";

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// A language by its tag, as a host's `lang` attribute says it (`zh-CN`, `zh`, `en`, `en-GB`;
    /// `None` for `auto` or one Folio does not speak).
    pub fn tagged(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag == "zh" || tag.starts_with("zh-") {
            Some(Lang::Zh)
        } else if tag == "en" || tag.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The reader's choice on an earlier visit, if they made one.
    pub fn remembered() -> Option<Lang> {
        let saved = super::storage_get(STORAGE_KEY)?;
        Some(if saved == "zh" { Lang::Zh } else { Lang::En })
    }

    /// The browser's first language that Folio speaks (English when none).
    pub fn browser() -> Lang {
        let languages = web_sys::window()
            .map(|w| w.navigator().languages())
            .map(|a| a.to_vec())
            .unwrap_or_default();
        for l in languages.iter().filter_map(|v| v.as_string()) {
            let l = l.to_ascii_lowercase();
            if l.starts_with("zh") {
                return Lang::Zh;
            }
            if l.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::En
    }

    pub fn remember(self) {
        super::storage_set(STORAGE_KEY, if self == Lang::Zh { "zh" } else { "en" });
    }

    /// `n articles` / `共 n 篇文章`, or `m of n articles` when filtered.
    pub fn count(self, shown: usize, total: usize) -> String {
        let (s, t) = (self.number(shown), self.number(total));
        match (self, shown == total) {
            (Lang::En, true) => format!("{t} {}", if total == 1 { "article" } else { "articles" }),
            (Lang::En, false) => format!("{s} of {t} articles"),
            (Lang::Zh, true) => format!("共 {t} 篇文章"),
            (Lang::Zh, false) => format!("{t} 篇中的 {s} 篇"),
        }
    }

    pub fn show_more(self, left: usize) -> String {
        match self {
            Lang::En => format!("Show more ({} left)", self.number(left)),
            Lang::Zh => format!("显示更多（还有 {} 篇）", self.number(left)),
        }
    }

    pub fn minutes(self, n: u32) -> String {
        match self {
            Lang::En => format!("{n} min read"),
            Lang::Zh => format!("阅读约 {n} 分钟"),
        }
    }

    /// Facet values named by the address that the archive does not have.
    pub fn unknown_values(self, names: &[String]) -> String {
        let names = names
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(", ");
        match self {
            Lang::En => {
                format!("This archive has nothing called {names}: showing the list without it.")
            }
            Lang::Zh => format!("本归档中没有{names}，显示的是不含它的列表。"),
        }
    }

    /// The bundle is of format version `found`, this viewer reads `reads`.
    pub fn other_version(self, found: u32, reads: u32) -> String {
        match self {
            Lang::En => format!(
                "This archive was bundled in format version {found}; this viewer reads version \
                 {reads}. Rebuild it with `folio bundle`."
            ),
            Lang::Zh => format!(
                "此归档的格式版本为 {found}，本查看器读取版本 {reads}。请用 `folio bundle` 重新生成。"
            ),
        }
    }

    /// An imported file is not a marks file.
    pub fn not_marks(self, name: &str) -> String {
        match self {
            Lang::En => {
                format!("“{name}” is not a file of read and starred articles exported by Folio.")
            }
            Lang::Zh => format!("“{name}”不是 Folio 导出的已读和收藏文件。"),
        }
    }

    pub fn no_such_article(self, slug: &str) -> String {
        match self {
            Lang::En => format!("No article is called “{slug}”."),
            Lang::Zh => format!("没有名为“{slug}”的文章。"),
        }
    }

    /// A number with the language's grouping (`12,345`: English and Chinese group alike). Done
    /// here rather than by `Intl`, which is slow to call for every chip on every keystroke.
    pub fn number(self, n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// A day (`Jul 3, 2022` / `2022年7月3日`).
    pub fn day(self, year: i32, month: u32, day: u32) -> String {
        match self {
            Lang::Zh => format!("{year}年{month}月{day}日"),
            Lang::En => {
                let month = self.month(year, month);
                let (name, year) = month.split_once(' ').unwrap_or((&month, ""));
                format!("{name} {day}, {year}")
            }
        }
    }

    /// What the timeline shows, in a sentence.
    pub fn timeline_says(self, bars: &crate::timeline::Bars) -> String {
        let when = |b: &crate::timeline::Bar| match b.day {
            Some(d) => self.day(b.month.year, b.month.month, d),
            None => self.month(b.month.year, b.month.month),
        };
        let (Some(first), Some(last)) = (bars.bars.first(), bars.bars.last()) else {
            return String::new();
        };
        let total = self.number(bars.total() as usize);
        let busiest = bars
            .busiest()
            .map(|b| (when(b), self.number(b.n as usize)))
            .unwrap_or_default();
        match (self, bars.daily) {
            (Lang::En, daily) => format!(
                "Timeline: {total} dated articles {}, {} to {}; the most on {} ({}). Click a bar                  for its month, drag across bars for a range.",
                if daily { "by day" } else { "by month" },
                when(first),
                when(last),
                busiest.0,
                busiest.1
            ),
            (Lang::Zh, daily) => format!(
                "时间线：{}至{}共 {total} 篇有日期的文章，按{}显示；最多的是{}（{} 篇）。点按柱条筛选该月，拖过多个柱条选择范围。",
                when(first),
                when(last),
                if daily { "日" } else { "月" },
                busiest.0,
                busiest.1
            ),
        }
    }

    /// A month's name (`Jul 2022` / `2022年7月`).
    pub fn month(self, year: i32, month: u32) -> String {
        match self {
            Lang::Zh => format!("{year}年{month}月"),
            Lang::En => format!("{} {year}", MONTH_NAMES[(month.clamp(1, 12) - 1) as usize]),
        }
    }

    /// A date in this language; relative ("3 days ago", "昨天") within the last week. A
    /// `day_only` date (a calendar day, at 00:00 UTC) shows as that day in every time zone.
    ///
    /// Formatted here, in the reader's time zone, as `Intl.DateTimeFormat` (`year: numeric,
    /// month: short, day: numeric`) and `Intl.RelativeTimeFormat` (`numeric: auto`) would:
    /// Chromium's first `Intl` formatter costs 20–40 ms of locale data on the first view
    /// (BENCHMARKS.md, "First view: where the time goes"), and a week's relative dates made a
    /// formatter per row. `tests.rs` checks these strings against `Intl`'s.
    pub fn date(self, secs: i64, day_only: bool) -> String {
        let mut ms = secs as f64 * 1000.0;
        if day_only {
            // The same calendar day at local midnight.
            ms += js_sys::Date::new(&ms.into()).get_timezone_offset() * 60_000.0;
        }
        let age_days = ((js_sys::Date::now() - ms) / 86_400_000.0).floor();
        if (0.0..7.0).contains(&age_days) {
            return self.days_ago(age_days as u32);
        }
        // The local date: the instant moved by its zone's offset then (summer time included);
        // a `day_only` date is its UTC day as it is.
        let local = if day_only {
            secs
        } else {
            secs - (js_sys::Date::new(&ms.into()).get_timezone_offset() * 60.0) as i64
        };
        let (year, month, day) = crate::query::civil_date(local);
        match self {
            Lang::Zh => format!("{year}年{month}月{day}日"),
            Lang::En => format!("{} {day}, {year}", MONTH_NAMES[(month - 1) as usize]),
        }
    }

    /// "today", "yesterday", "3 days ago" / "今天", "昨天", "前天", "3天前".
    fn days_ago(self, days: u32) -> String {
        match (self, days) {
            (Lang::En, 0) => "today".into(),
            (Lang::En, 1) => "yesterday".into(),
            (Lang::En, n) => format!("{n} days ago"),
            (Lang::Zh, 0) => "今天".into(),
            (Lang::Zh, 1) => "昨天".into(),
            (Lang::Zh, 2) => "前天".into(),
            (Lang::Zh, n) => format!("{n}天前"),
        }
    }
}

/// `secs` as an ISO 8601 instant for `<time datetime>`, or its date alone when `day_only`.
pub fn iso_date(secs: i64, day_only: bool) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    let mut iso = String::from(date.to_iso_string());
    if day_only {
        iso.truncate(10);
    }
    iso
}
