//! Name and part-number normalisation: the keys that matching compares.
//!
//! Two keys are made from every name, on both sides (rule aliases and BOM values):
//!
//! * the **plain key**: Unicode compatibility form (full-width letters become ASCII),
//!   invisible and bidirectional marks removed, lower case, punctuation as spaces, legal forms
//!   (`Inc`, `Co., Ltd.`, `GmbH`, `有限公司`…) dropped at the end and (`AO`, `OOO`…) at the start;
//! * the **folded key**: the same after confusable characters are mapped to their Latin
//!   look-alikes (UTS #39 skeleton) and accents dropped, so `MICRОN` with a Cyrillic `О`
//!   folds to the key of `Micron`. A match on the folded key only is reported as such.
//!
//! Keys are compared whole. A BOM value may also be an alias followed by generic words
//! (`Micron Semiconductor`), which [`NameKey::lookup_keys`] yields shorter and shorter.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A function that tells whether a word is one of a list, with a `match` (by length, then by
/// bytes) rather than by comparing it with each word or hashing it; and the list as a
/// constant for the tests.
macro_rules! word_list {
    ($(#[$doc:meta])* $list:ident, $is:ident: [$($w:literal),* $(,)?]) => {
        #[cfg(test)]
        const $list: &[&str] = &[$($w),*];

        $(#[$doc])*
        fn $is(word: &[u8]) -> bool {
            matches!(std::str::from_utf8(word), Ok($($w)|*))
        }
    };
}

word_list! {
    /// Whether `word` is a legal-form token dropped at the end of a name (after punctuation
    /// became spaces).
    LEGAL_TRAILING, is_legal_trailing: [
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "co",
        "coltd",
        "corp",
        "corporation",
        "company",
        "cos",
        "llc",
        "plc",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "se",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "kk",
        "gk",
        "pte",
        "pty",
        "lp",
        "llp",
        "ab",
        "as",
        "asa",
        "oy",
        "oyj",
        "sro",
        "spzoo",
        "kft",
        "jsc",
        "ojsc",
        "pjsc",
        "cjsc",
        "ooo",
        "zao",
        "oao",
        "pao",
        "ao",
        "bhd",
        "sdn",
        "tbk",
        "株式会社",
        "有限会社",
        "合同会社",
    ]
}

word_list! {
    /// Whether `word` is a legal-form token dropped at the start of a name.
    LEGAL_LEADING, is_legal_leading: [
        "ooo",
        "ao",
        "zao",
        "oao",
        "pao",
        "pjsc",
        "jsc",
        "cjsc",
        "pt",
        "the",
        "株式会社",
    ]
}

/// Legal-form endings of CJK names, which are written without spaces. Longest first.
const CJK_LEGAL_SUFFIXES: &[&str] = &[
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "集团有限公司",
    "集團有限公司",
    "有限公司",
    "株式会社",
    "有限会社",
    "合同会社",
    "公司",
];

/// Words that may follow a company's name without making it another company
/// (`Micron Semiconductor`, `Huawei Technologies (UK)`). Dropped one by one from the end
/// of a BOM value when the whole value is not a known name.
const GENERIC_TRAILING: &[&str] = &[
    "technology",
    "technologies",
    "tech",
    "semiconductor",
    "semiconductors",
    "digital",
    "communication",
    "communications",
    "telecom",
    "telecommunication",
    "telecommunications",
    "international",
    "intl",
    "holding",
    "holdings",
    "group",
    "global",
    "usa",
    "us",
    "america",
    "americas",
    "europe",
    "eu",
    "uk",
    "japan",
    "china",
    "germany",
    "deutschland",
    "india",
    "taiwan",
    "singapore",
    "korea",
    "hk",
];

/// CJK generic endings, dropped like [`GENERIC_TRAILING`]. Longest first.
const CJK_GENERIC_SUFFIXES: &[&str] = &[
    "数字技术",
    "數字技術",
    "技术",
    "技術",
    "科技",
    "集团",
    "集團",
    "半导体",
    "半導體",
    "电子",
    "電子",
    "通讯",
    "通訊",
    "通信",
    "控股",
    "股份",
];

/// Chinese provinces, municipalities, special administrative regions and large cities, as they
/// lead a company's registered English name (`Zhejiang Dahua Technology`, `Shenzhen Huawei`).
/// A BOM value that starts with one is also looked up without it, when the rest is a listed
/// name ([`NameKey::without_places`]). Multi-word names are written with single spaces.
pub const CN_PLACES: &[&str] = &[
    // Provinces and autonomous regions.
    "anhui",
    "fujian",
    "gansu",
    "guangdong",
    "guizhou",
    "hainan",
    "hebei",
    "heilongjiang",
    "henan",
    "hubei",
    "hunan",
    "jiangsu",
    "jiangxi",
    "jilin",
    "liaoning",
    "qinghai",
    "shaanxi",
    "shandong",
    "shanxi",
    "sichuan",
    "yunnan",
    "zhejiang",
    "guangxi",
    "inner mongolia",
    "ningxia",
    "xinjiang",
    "tibet",
    "xizang",
    // Municipalities and special administrative regions.
    "beijing",
    "tianjin",
    "shanghai",
    "chongqing",
    "hong kong",
    "macau",
    "macao",
    // Large cities.
    "shenzhen",
    "hangzhou",
    "guangzhou",
    "chengdu",
    "wuhan",
    "nanjing",
    "suzhou",
    "xiamen",
    "xian",
    "dongguan",
    "zhuhai",
    "hefei",
    "qingdao",
    "dalian",
    "ningbo",
    "wuxi",
    "changsha",
    "shenyang",
    "harbin",
    "jinan",
    "zhengzhou",
    "fuzhou",
    "kunming",
    "nanchang",
    "changzhou",
    "foshan",
    "huizhou",
    "zhongshan",
    "shantou",
    "wenzhou",
    "jiaxing",
    "shaoxing",
    "yantai",
    "taiyuan",
    "lanzhou",
    "guiyang",
    "nanning",
    "urumqi",
    "hohhot",
    "haikou",
];

/// The same places in Chinese, as they lead a registered Chinese name (`杭州海康威视…`),
/// optionally followed by 省 (province) or 市 (city).
pub const CN_PLACES_HAN: &[&str] = &[
    "黑龙江",
    "内蒙古",
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "深圳",
    "杭州",
    "广州",
    "成都",
    "武汉",
    "南京",
    "苏州",
    "厦门",
    "西安",
    "东莞",
    "珠海",
    "合肥",
    "青岛",
    "大连",
    "宁波",
    "无锡",
    "长沙",
    "沈阳",
    "哈尔滨",
    "济南",
    "郑州",
    "福州",
    "昆明",
    "南昌",
    "常州",
    "佛山",
    "惠州",
    "中山",
    "汕头",
    "温州",
    "嘉兴",
    "绍兴",
    "烟台",
];

/// Values that mean "no manufacturer": treated as blank.
const PLACEHOLDERS: &[&str] = &[
    "",
    "generic",
    "oem",
    "unknown",
    "various",
    "any",
    "na",
    "n a",
    "none",
    "tbd",
    "tba",
    "dnp",
    "not applicable",
    "avl",
];

/// Is `c` invisible in a name: a format, bidi or zero-width character, or a control?
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}'
        // Other format characters that render as nothing (or as a blank): Arabic number
        // signs, the Braille blank, musical and shorthand format controls.
        | '\u{0600}'..='\u{0605}' | '\u{06DD}' | '\u{070F}' | '\u{08E2}' | '\u{110BD}'
        | '\u{2800}' | '\u{1D173}'..='\u{1D17A}' | '\u{1BCA0}'..='\u{1BCA3}')
        || c.is_control()
}

/// A BOM cell as a person reads it: compatibility form, invisible marks removed, spaces
/// collapsed and trimmed. Use it for display and for part numbers.
pub fn clean(s: &str) -> String {
    // Marks that NFKC would turn into letters (`Micron™` into `MicronTM`) separate instead.
    if s.contains(['™', '℠', '®', '©']) {
        return clean(&s.replace(['™', '℠', '®', '©'], " "));
    }
    if s.is_ascii() {
        // NFKC is the identity on ASCII.
        return clean_chars(s.chars(), s.len());
    }
    clean_chars(s.nfkc(), s.len())
}

fn clean_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        if is_invisible(c) && c != '\t' && c != '\n' && c != '\r' {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// A manufacturer part number as compared with MPN families: [`clean`], upper case, and
/// look-alike letters from other scripts as their Latin capitals (`МТ41K` with a Cyrillic
/// `М` and `Т` is `MT41K`).
pub fn mpn_key(s: &str) -> String {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_control()) {
        return s.trim().to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars().flat_map(char::to_uppercase) {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let skel: String = unicode_security::skeleton(&c.to_string()).collect();
        let mut chars = skel.chars();
        match (chars.next(), chars.next()) {
            (Some(l), None) if l.is_ascii_alphanumeric() => out.push(l.to_ascii_uppercase()),
            _ => out.push(c),
        }
    }
    out
}

/// Is this manufacturer value a placeholder such as `Generic`, `N/A` or `-`?
pub fn is_placeholder(s: &str) -> bool {
    let key = tokens(clean(s).chars(), false);
    PLACEHOLDERS.contains(&key.as_str())
}

/// The normalised forms of one name: tokens joined by single spaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameKey {
    /// The plain key.
    pub plain: String,
    /// The folded (confusable-insensitive) key, before the skeleton.
    pub folded: String,
}

impl NameKey {
    /// Normalises a name; `None` when nothing is left (empty, punctuation, legal form only).
    pub fn new(name: &str) -> Option<NameKey> {
        if name.is_ascii() {
            // NFKC, invisibles and confusable folding are all no-ops on ASCII letters.
            let plain = strip_legal(tokens_ascii(name));
            if plain.is_empty() {
                return None;
            }
            return Some(NameKey {
                folded: plain.clone(),
                plain,
            });
        }
        let cleaned = clean(name);
        let plain = strip_legal(tokens(cleaned.chars(), false));
        if plain.is_empty() {
            return None;
        }
        let folded = strip_legal(tokens(cleaned.chars(), true));
        let folded = if folded.is_empty() {
            plain.clone()
        } else {
            folded
        };
        Some(NameKey { plain, folded })
    }

    /// The plain key.
    pub fn plain_key(&self) -> String {
        self.plain.clone()
    }

    /// The folded key: the skeleton of the folded tokens.
    pub fn folded_key(&self) -> String {
        skeleton_string(&self.folded)
    }

    /// The keys to look up for a BOM value, longest first: the whole key, then the key with
    /// trailing generic words dropped one at a time. The flag is `true` when words were dropped.
    pub fn lookup_keys(key: &str) -> Vec<(String, bool)> {
        let mut out = vec![(key.to_string(), false)];
        let mut t = key.to_string();
        // A name is followed by a few generic words at most: a value made of thousands of
        // them (a hostile cell) must not cost time and memory quadratic in its length.
        for _ in 0..MAX_GENERIC_WORDS {
            let (head, last) = match t.rsplit_once(' ') {
                Some((h, l)) => (Some(h), l),
                None => (None, t.as_str()),
            };
            let next = if GENERIC_TRAILING.contains(&last) && head.is_some() {
                head.map(str::to_string)
            } else {
                strip_suffix_any(last, CJK_GENERIC_SUFFIXES).map(|stem| match head {
                    Some(h) => format!("{h} {stem}"),
                    None => stem.to_string(),
                })
            };
            match next {
                Some(n) => {
                    // `Micron Technology Inc. USA`: once `usa` goes, `inc` is at the end.
                    t = strip_legal(n);
                    out.push((t.clone(), true));
                }
                None => break,
            }
        }
        out
    }
}

/// How many generic words a look-up drops from the end of a value at most.
const MAX_GENERIC_WORDS: usize = 6;

impl NameKey {
    /// The key without its leading Chinese place names, one place dropped, then two
    /// (`shenzhen hangzhou hikvision robot` → `hangzhou hikvision robot`, `hikvision robot`),
    /// legal forms dropped again at the new start (`shenzhen ao kaspersky lab` → `kaspersky
    /// lab`). Empty when the key does not start with a place or nothing would be left.
    pub fn without_places(&self) -> Vec<NameKey> {
        let mut out = Vec::new();
        let (mut plain, mut folded) = (self.plain.clone(), self.folded.clone());
        for _ in 0..2 {
            let Some(p) = drop_place(&plain) else {
                break;
            };
            let f = drop_place(&folded).unwrap_or_else(|| p.clone());
            (plain, folded) = (strip_legal(p), strip_legal(f));
            if plain.is_empty() {
                break;
            }
            out.push(NameKey {
                plain: plain.clone(),
                folded: folded.clone(),
            });
        }
        out
    }
}

/// A key without its first place name, if it starts with one and something is left.
fn drop_place(key: &str) -> Option<String> {
    let rest = CN_PLACES
        .iter()
        .find_map(|p| key.strip_prefix(p).and_then(|r| r.strip_prefix(' ')))
        .or_else(|| {
            CN_PLACES_HAN.iter().find_map(|p| {
                let r = key.strip_prefix(p)?;
                let r = r.strip_prefix(['省', '市']).unwrap_or(r);
                Some(r.trim_start())
            })
        })?;
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Does the value hold an invisible character (other than white space) between visible
/// ones? Such a mark may stand for a space (`Micron⁠Technology` with a word joiner) or hide
/// inside a word (`Mi\u{200b}cron`); a look-up tries both readings.
pub fn has_inner_invisible(s: &str) -> bool {
    !s.is_ascii()
        && s.trim_matches(is_invisible)
            .chars()
            .any(|c| is_invisible(c) && !c.is_whitespace())
}

/// The value with every invisible character read as a space.
pub fn invisibles_as_spaces(s: &str) -> String {
    s.chars()
        .map(|c| if is_invisible(c) { ' ' } else { c })
        .collect()
}

/// Is `c` a letter of a CJK script (Han, kana, Hangul)?
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Splits a value where its letters change between a CJK script and another (`美光Micron`,
/// `Micron 美光`): the runs, trimmed. One run when the script never changes.
pub fn script_runs(s: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in s.char_indices() {
        if !c.is_alphanumeric() {
            continue;
        }
        let cjk = is_cjk(c);
        match current {
            Some(prev) if prev != cjk => {
                runs.extend(s.get(start..i).map(str::trim).filter(|r| !r.is_empty()));
                start = i;
                current = Some(cjk);
            }
            None => current = Some(cjk),
            _ => {}
        }
    }
    runs.extend(s.get(start..).map(str::trim).filter(|r| !r.is_empty()));
    runs
}

/// The UTS #39 skeleton of an already folded, lower-case key, lower-cased (so `rn` and `m`,
/// `0` and `o` compare equal). Only for comparison, never for display.
pub fn skeleton_string(s: &str) -> String {
    if s.is_ascii() {
        let mut buf = Vec::with_capacity(s.len() + 4);
        skeleton_ascii_into(s.as_bytes(), &mut buf);
        return utf8_string(buf);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in unicode_security::skeleton(s) {
        out.extend(c.to_lowercase());
    }
    out
}

/// The skeleton of ASCII text, appended to `out`: lower case, with the few ASCII characters
/// the UTS #39 skeleton maps replaced (checked in the tests). Runs without them are copied
/// whole.
fn skeleton_ascii_into(s: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let mut run = 0;
    for (i, b) in s.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'0' => b"o",
            b'1' | b'|' => b"l",
            b'm' | b'M' => b"rn",
            b'%' => "°/₀".as_bytes(),
            b'`' => b"'",
            b'"' => b"''",
            _ => continue,
        };
        out.extend_from_slice(s.get(run..i).unwrap_or_default());
        out.extend_from_slice(replacement);
        run = i + 1;
    }
    out.extend_from_slice(s.get(run..).unwrap_or_default());
    if let Some(added) = out.get_mut(start..) {
        // The replacements are lower case already, or not ASCII.
        added.make_ascii_lowercase();
    }
}

/// The keys the index files a name under, into `plain` and `folded`: its plain key and its
/// folded key, as [`NameKey::new`] and [`NameKey::folded_key`] make them. False when nothing
/// is left of the name. The buffers are reused from name to name: a list of 20,000 entities
/// has 100,000 names.
pub(crate) fn index_keys(name: &str, plain: &mut Vec<u8>, folded: &mut Vec<u8>) -> bool {
    plain.clear();
    folded.clear();
    if name.is_ascii() {
        // As in `NameKey::new`: the folded key of an ASCII name is its plain key.
        tokens_ascii_into(name.as_bytes(), plain);
        strip_legal_bytes(plain);
        skeleton_ascii_into(plain, folded);
        return !plain.is_empty();
    }
    let Some(key) = NameKey::new(name) else {
        return false;
    };
    plain.extend_from_slice(key.plain.as_bytes());
    folded.extend_from_slice(key.folded_key().as_bytes());
    true
}

fn strip_suffix_any<'a>(token: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes
        .iter()
        .find_map(|suf| token.strip_suffix(suf).filter(|stem| !stem.is_empty()))
}

/// Splits a cleaned name into lower-case tokens joined by single spaces. Dots and
/// apostrophes join (`K.K.` is `kk`), other punctuation separates. With `fold`, confusables
/// map to Latin and accents drop.
fn tokens(chars: impl Iterator<Item = char>, fold: bool) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in chars {
        if c == '.' || c == '\'' || c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if fold {
                fold_char(c, &mut out);
            } else {
                out.extend(c.to_lowercase());
            }
        } else if fold && !c.is_ascii() && is_combining_mark(c) {
            // A combining accent: dropped in the folded key.
        } else if !is_invisible(c) || c.is_whitespace() {
            gap = true;
        }
    }
    out
}

/// [`tokens`] of an ASCII name, without folding (which changes no ASCII character): the same
/// key, byte by byte, for the tens of thousands of names of a large list.
fn tokens_ascii(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    tokens_ascii_into(s.as_bytes(), &mut out);
    utf8_string(out)
}

/// [`tokens_ascii`] of ASCII bytes, appended to `out` (empty or ending a token).
fn tokens_ascii_into(s: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let mut gap = false;
    for &b in s {
        match ASCII_TOKENS.get(usize::from(b)).copied().unwrap_or(SKIP) {
            SKIP => {}
            GAP => gap = true,
            c => {
                if gap && out.len() > start {
                    out.push(b' ');
                }
                gap = false;
                out.push(c);
            }
        }
    }
}

/// [`token_byte`] of every byte (those from 0x80 are never looked up), for the loop over the
/// bytes of a name.
const ASCII_TOKENS: [u8; 256] = {
    let mut table = [SKIP; 256];
    let mut rest: &mut [u8] = &mut table;
    let mut b: u8 = 0;
    while let Some((first, tail)) = rest.split_first_mut() {
        *first = token_byte(b);
        rest = tail;
        b = b.wrapping_add(1);
    }
    table
};

/// What [`tokens`] does with an ASCII byte: [`SKIP`] it (`.` and `'` join, an invisible
/// control is dropped), read it as a [`GAP`] between tokens, or keep it in lower case.
const fn token_byte(c: u8) -> u8 {
    if c.is_ascii_alphanumeric() {
        c.to_ascii_lowercase()
    } else if c == b'.' || c == b'\'' {
        SKIP
    } else if c.is_ascii_control() && !matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        // An ASCII character is invisible exactly when it is a control; the white space
        // among the controls still separates.
        SKIP
    } else {
        GAP
    }
}
/// From [`token_byte`]: a byte that is dropped.
const SKIP: u8 = 0;
/// From [`token_byte`]: a byte that separates tokens.
const GAP: u8 = 1;

/// Bytes made of ASCII and whole UTF-8 characters as a string, without copying them.
fn utf8_string(buf: Vec<u8>) -> String {
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Maps one non-ASCII letter to its Latin look-alike when it has one, without accents.
fn fold_char(c: char, out: &mut String) {
    let lower: String = c.to_lowercase().collect();
    let skel: String = unicode_security::skeleton(&lower).collect();
    let mapped = if skel.is_ascii() {
        skel
    } else {
        let upper_skel: String = unicode_security::skeleton(&c.to_string()).collect();
        upper_skel.to_lowercase()
    };
    for d in mapped.nfd() {
        if !is_combining_mark(d) && !is_invisible(d) {
            out.extend(d.to_lowercase());
        }
    }
}

/// Drops legal forms at the end and the start of a space-joined token string.
fn strip_legal(t: String) -> String {
    let mut t = t.into_bytes();
    strip_legal_bytes(&mut t);
    utf8_string(t)
}

/// [`strip_legal`] on the bytes of a token string, in place. Words end at spaces, which are
/// never part of another character, and what is cut off is whole words or whole characters.
fn strip_legal_bytes(t: &mut Vec<u8>) {
    loop {
        // Words are short: a plain loop finds a space sooner than a vectorised search starts.
        let (head, last) = match t.iter().rposition(|&b| b == b' ') {
            Some(i) => (Some(i), t.get(i + 1..).unwrap_or_default()),
            None => (None, t.as_slice()),
        };
        if let (Some(h), true) = (head, is_legal_trailing(last)) {
            t.truncate(h);
        } else if let Some(stem) = (!last.is_ascii())
            .then(|| {
                CJK_LEGAL_SUFFIXES.iter().find_map(|suf| {
                    last.strip_suffix(suf.as_bytes())
                        .filter(|stem| !stem.is_empty())
                })
            })
            .flatten()
        {
            let keep = t.len() - (last.len() - stem.len());
            t.truncate(keep);
        } else {
            break;
        }
    }
    let mut skip = 0;
    while let Some(first) = t
        .get(skip..)
        .and_then(|rest| rest.get(..rest.iter().position(|&b| b == b' ')?))
    {
        if is_legal_leading(first) {
            skip += first.len() + 1;
        } else {
            break;
        }
    }
    if skip > 0 {
        t.drain(..skip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        NameKey::new(s).map(|k| k.plain_key()).unwrap_or_default()
    }
    fn folded(s: &str) -> String {
        NameKey::new(s).map(|k| k.folded_key()).unwrap_or_default()
    }

    #[test]
    fn plain_keys_drop_legal_forms_and_noise() {
        assert_eq!(plain("Micron Technology, Inc."), "micron technology");
        assert_eq!(plain("MICRON TECHNOLOGY INC"), "micron technology");
        assert_eq!(plain("\u{200e}Yageo\u{200e}"), "yageo");
        assert_eq!(plain("Ｍｉｃｒｏｎ"), "micron");
        assert_eq!(plain("Huawei Technologies Co.,Ltd."), "huawei technologies");
        assert_eq!(plain("Micron Memory Japan, K.K."), "micron memory japan");
        assert_eq!(plain("AO Kaspersky Lab"), "kaspersky lab");
        assert_eq!(plain("华为技术有限公司"), "华为技术");
        assert_eq!(
            plain("杭州海康威视数字技术股份有限公司"),
            "杭州海康威视数字技术"
        );
        assert_eq!(plain("Inc."), "inc");
        assert_eq!(plain("Micron™"), "micron");
        assert_eq!(plain("Kaspersky® Lab"), "kaspersky lab");
        assert_eq!(plain("  "), "");
    }

    #[test]
    fn folded_keys_see_through_confusables() {
        let micron = folded("Micron");
        for evasion in [
            "MICRОN",         // Cyrillic O
            "Mіcron",         // Cyrillic i
            "Μicron",         // Greek Mu
            "M\u{200b}icron", // zero-width space
            "Mi\u{301}cron",  // combining acute
            "Ｍｉｃｒｏｎ",   // full width
            "Micr0n",
        ] {
            assert_eq!(folded(evasion), micron, "{evasion}");
        }
        assert_eq!(folded("ΖΤΕ"), folded("ZTE"));
        assert_eq!(folded("Huаwei"), folded("Huawei"));
        for other in ["Microchip", "Macron", "Mitron", "Micronas", "Intel"] {
            assert_ne!(folded(other), micron, "{other}");
        }
    }

    #[test]
    fn lookup_keys_drop_generic_words_only_at_the_end() {
        let k = NameKey::new("Huawei Technologies (UK) Co. Limited").unwrap();
        let keys: Vec<String> = NameKey::lookup_keys(&k.plain)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            keys,
            ["huawei technologies uk", "huawei technologies", "huawei"]
        );
        let k = NameKey::new("Micron Electronics Trading").unwrap();
        assert_eq!(NameKey::lookup_keys(&k.plain).len(), 1);
    }

    #[test]
    fn ascii_fast_path_equals_the_skeleton() {
        for b in 32u8..127 {
            let c = (b as char).to_ascii_lowercase().to_string();
            let slow: String = unicode_security::skeleton(&c)
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(skeleton_string(&c), slow, "{c:?}");
        }
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// The byte-wise keys of ASCII names are those of the general path.
        #[test]
        fn ascii_names_key_as_the_general_path(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    "[ -~\t\n\x0b\x0c\r\x00-\x1f\x7f]{0,8}",
                    proptest::sample::select(LEGAL_TRAILING).prop_map(str::to_string),
                    proptest::sample::select(LEGAL_LEADING).prop_map(str::to_string),
                    proptest::sample::select(&["Co.", "K.K.", "Ltd.", "O'Neil", "S.A.", "."][..])
                        .prop_map(str::to_string),
                ],
                0..7,
            ),
            seps in "[ .,'\t\x01\x1c-]{7}",
        ) {
            let name: String = words
                .iter()
                .zip(seps.chars())
                .map(|(w, c)| format!("{w}{c}"))
                .collect();
            let name = if name.is_ascii() { name } else { String::new() };
            proptest::prop_assert_eq!(tokens_ascii(&name), tokens(name.chars(), false));
            let general = strip_legal(tokens(name.chars(), false));
            let key = NameKey::new(&name);
            let (mut plain, mut folded) = (Vec::new(), Vec::new());
            let indexed = index_keys(&name, &mut plain, &mut folded).then_some((plain, folded));
            proptest::prop_assert_eq!(
                indexed,
                key.as_ref().map(|k| (k.plain.clone().into_bytes(), k.folded_key().into_bytes()))
            );
            proptest::prop_assert_eq!(
                key.map(|k| k.plain),
                (!general.is_empty()).then_some(general)
            );
            let by_char: String = name.chars().map(|c| skeleton_string(&c.to_string())).collect();
            proptest::prop_assert_eq!(skeleton_string(&name), by_char);
        }
    }

    #[test]
    fn index_keys_are_the_name_keys() {
        let (mut plain, mut folded) = (b"left over".to_vec(), Vec::new());
        for name in [
            "Micron Technology, Inc.",
            "MICRОN",
            "华为技术有限公司",
            "Mm 01|%`\"",
            "Inc.",
        ] {
            let key = NameKey::new(name);
            assert_eq!(
                index_keys(name, &mut plain, &mut folded),
                key.is_some(),
                "{name}"
            );
            if let Some(k) = key {
                assert_eq!(
                    (plain.as_slice(), folded.as_slice()),
                    (k.plain.as_bytes(), k.folded_key().as_bytes()),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn legal_forms_go_from_both_ends() {
        assert_eq!(
            strip_legal("ooo ao kaspersky lab jsc ltd".into()),
            "kaspersky lab"
        );
        assert_eq!(strip_legal("华为技术有限公司".into()), "华为技术");
        assert_eq!(strip_legal("ooo".into()), "ooo");
        assert_eq!(strip_legal("the".into()), "the");
        assert_eq!(strip_legal("inc ltd".into()), "inc");
    }

    #[test]
    fn part_numbers_fold_look_alikes() {
        assert_eq!(mpn_key("МТ41K256"), "MT41K256"); // Cyrillic М, Т
        assert_eq!(mpn_key("ＭＴ４１Ｋ"), "MT41K");
        assert_eq!(mpn_key(" mt41k "), "MT41K");
    }

    #[test]
    fn places_lead_registered_names() {
        let without = |s: &str| -> Vec<String> {
            NameKey::new(s)
                .map(|k| k.without_places().into_iter().map(|k| k.plain).collect())
                .unwrap_or_default()
        };
        assert_eq!(without("Zhejiang Dahua"), ["dahua"]);
        assert_eq!(
            without("Guangdong Shenzhen Huawei"),
            ["shenzhen huawei", "huawei"]
        );
        assert_eq!(without("Shenzhen AO Kaspersky Lab"), ["kaspersky lab"]);
        assert_eq!(without("Hong Kong Foo Ltd"), ["foo"]);
        assert_eq!(without("杭州海康威视"), ["海康威视"]);
        assert_eq!(without("深圳市华为"), ["华为"]);
        assert!(without("Shenzhen").is_empty(), "nothing left");
        assert!(
            without("Shenzhenware Inc").is_empty(),
            "a place is a whole word"
        );
        assert!(without("Micron").is_empty());
    }

    #[test]
    fn scripts_and_invisibles() {
        assert_eq!(script_runs("美光Micron"), ["美光", "Micron"]);
        assert_eq!(script_runs("MICRON 美光"), ["MICRON", "美光"]);
        assert_eq!(script_runs("美光 (Micron)"), ["美光 (", "Micron)"]);
        assert_eq!(script_runs("Micron Technology"), ["Micron Technology"]);
        assert!(has_inner_invisible("Micron\u{2060}Technology"));
        assert!(!has_inner_invisible("\u{200e}Yageo\u{200e}"));
        assert_eq!(
            plain(&invisibles_as_spaces("Micron\u{00ad}Technology")),
            "micron technology"
        );
    }

    #[test]
    fn placeholders() {
        for p in ["", "Generic", "N/A", "-", "OEM", "unknown"] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("Micron"));
    }
}
