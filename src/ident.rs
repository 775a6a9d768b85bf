//! Identifiers that name a vendor, parsed in one place for the readers and the index: the
//! vendor of a CPE name, the namespace of a package URL, the grantee code of an FCC ID; and
//! the lower-case hexadecimal used for digests and fingerprints.

/// The vendor field of a CPE name (`cpe:2.3:h:vendor:…` or `cpe:/h:vendor:…`), lower-cased
/// and with CPE escapes (`\`) removed; `None` if it is not a CPE name or has no vendor.
pub fn cpe_vendor(cpe: &str) -> Option<String> {
    let cpe = cpe.trim().to_lowercase();
    let rest = cpe
        .strip_prefix("cpe:2.3:")
        .or_else(|| cpe.strip_prefix("cpe:/"))?;
    rest.split(':').nth(1).map(cpe_token)
}

/// A CPE vendor as the index keys it: trimmed, lower-case, without escapes.
pub fn cpe_token(s: &str) -> String {
    s.trim().to_lowercase().replace('\\', "")
}

/// The namespace of a package URL (`pkg:type/namespace/name@version`), if it has one.
pub fn purl_namespace(purl: &str) -> Option<&str> {
    let rest = purl.strip_prefix("pkg:")?;
    let path = rest.split(['@', '?', '#']).next().unwrap_or("");
    let mut segs = path.split('/');
    let _kind = segs.next()?;
    let ns = segs.next()?;
    // `type/name` has no namespace; `type/ns/name` (or deeper) does.
    segs.next().map(|_| ns).filter(|ns| !ns.is_empty())
}

/// The CPE vendor as a name to compare with entity names: `micron_technology` →
/// `micron technology` (CPE writes spaces as underscores).
pub fn cpe_vendor_words(cpe: &str) -> Option<String> {
    cpe_vendor(cpe)
        .map(|v| v.replace('_', " "))
        .filter(|v| v.chars().any(char::is_alphanumeric))
}

/// Top-level domains that start a reverse-DNS namespace (`com.huawei`) or end a host name
/// (`huawei.com`).
const TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "app", "co", "cn", "de", "uk", "jp", "kr", "tw", "hk", "ru",
    "fr", "it", "nl", "se", "ch", "us", "eu", "in", "info", "biz", "edu", "gov", "mil",
];

/// Hosts whose first path segment is the organisation (`github.com/huawei/…`).
const CODE_HOSTS: &[&str] = &["github.com", "gitlab.com", "bitbucket.org", "gitee.com"];

/// The organisation a package URL's namespace names, as a word to compare with entity names:
/// `pkg:maven/com.huawei.hms/…` → `huawei`, `pkg:npm/%40huawei/…` or `@huawei` → `huawei`,
/// `pkg:golang/github.com/zte/…` → `zte`, `pkg:github/dahua/…` → `dahua`. `None` when there
/// is no namespace or it names no organisation.
pub fn purl_organisation(purl: &str) -> Option<String> {
    let ns = purl_namespace(purl)?;
    let ns = ns.replace("%40", "@").to_lowercase();
    let ns = ns.trim_start_matches('@');
    if CODE_HOSTS.contains(&ns) {
        // The organisation is the next segment of the path.
        let rest = purl.split(['@', '?', '#']).next().unwrap_or("");
        let mut segs = rest.split('/').skip(2);
        return segs
            .next()
            .filter(|_| segs.next().is_some())
            .map(str::to_lowercase);
    }
    let labels: Vec<&str> = ns.split('.').filter(|l| !l.is_empty()).collect();
    let org = match labels.as_slice() {
        [] => None,
        [one] => Some(*one),
        [first, second, ..] if TLDS.contains(first) => Some(*second),
        [.., org, last] if TLDS.contains(last) => Some(*org),
        [first, ..] => Some(*first),
    }?;
    Some(org.replace(['-', '_'], " ")).filter(|o| o.chars().any(char::is_alphanumeric))
}

/// The grantee code of an FCC ID, upper-case: its first 5 characters when it starts with `2`
/// (codes issued since 2013), else its first 3.
pub fn fcc_grantee(id: &str) -> Option<String> {
    let id = id.trim().to_uppercase();
    let len = if id.starts_with('2') { 5 } else { 3 };
    id.get(..len).map(str::to_string)
}

/// Country names as BOMs write a country of production, and their ISO 3166-1 alpha-2 codes.
const COUNTRIES: &[(&str, &str)] = &[
    ("china", "CN"),
    ("prc", "CN"),
    ("peoples republic of china", "CN"),
    ("mainland china", "CN"),
    ("中国", "CN"),
    ("hong kong", "HK"),
    ("taiwan", "TW"),
    ("united states", "US"),
    ("united states of america", "US"),
    ("usa", "US"),
    ("america", "US"),
    ("mexico", "MX"),
    ("canada", "CA"),
    ("vietnam", "VN"),
    ("viet nam", "VN"),
    ("malaysia", "MY"),
    ("thailand", "TH"),
    ("philippines", "PH"),
    ("indonesia", "ID"),
    ("india", "IN"),
    ("japan", "JP"),
    ("korea", "KR"),
    ("south korea", "KR"),
    ("republic of korea", "KR"),
    ("singapore", "SG"),
    ("germany", "DE"),
    ("france", "FR"),
    ("italy", "IT"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("great britain", "GB"),
    ("ireland", "IE"),
    ("netherlands", "NL"),
    ("israel", "IL"),
    ("czech republic", "CZ"),
    ("czechia", "CZ"),
    ("poland", "PL"),
    ("hungary", "HU"),
    ("romania", "RO"),
    ("switzerland", "CH"),
    ("sweden", "SE"),
    ("finland", "FI"),
    ("austria", "AT"),
    ("brazil", "BR"),
    ("russia", "RU"),
    ("russian federation", "RU"),
    ("turkey", "TR"),
    ("australia", "AU"),
];

/// The ISO 3166-1 alpha-2 code of a country of production as a BOM writes it: a code
/// (`CN`, `cn`), or a common name (`China`, `Made in China`, `Viet Nam`). `None` when it is
/// not understood.
pub fn country_code(value: &str) -> Option<String> {
    let v = value.trim();
    if v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(v.to_ascii_uppercase());
    }
    let lower: String = v
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '.' | '\''))
        .map(|c| {
            if c.is_alphanumeric() || !c.is_ascii() {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let name = match words.as_slice() {
        ["made", "in", rest @ ..] => rest.join(" "),
        ["the", rest @ ..] => rest.join(" "),
        _ => words.join(" "),
    };
    COUNTRIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| (*c).to_string())
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_of_identifiers() {
        assert_eq!(
            cpe_vendor("cpe:2.3:h:zte:mf286:-:*:*:*:*:*:*:*").as_deref(),
            Some("zte")
        );
        assert_eq!(
            cpe_vendor("CPE:/o:Kaspersky:anti-virus").as_deref(),
            Some("kaspersky")
        );
        assert_eq!(cpe_vendor("cpe:2.3:a:at\\&t:x").as_deref(), Some("at&t"));
        assert_eq!(cpe_vendor("not a cpe"), None);
        assert_eq!(
            purl_namespace("pkg:maven/com.huawei/sdk@1.0"),
            Some("com.huawei")
        );
        assert_eq!(purl_namespace("pkg:npm/left-pad@1.0"), None);
        assert_eq!(fcc_grantee(" qiswt101 ").as_deref(), Some("QIS"));
        assert_eq!(fcc_grantee("2AB3C-X1").as_deref(), Some("2AB3C"));
        assert_eq!(fcc_grantee("Q"), None);
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
        assert_eq!(country_code(" cn ").as_deref(), Some("CN"));
        assert_eq!(country_code("Made in China").as_deref(), Some("CN"));
        assert_eq!(country_code("Viet Nam").as_deref(), Some("VN"));
        assert_eq!(country_code("U.S.A.").as_deref(), Some("US"));
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(
            cpe_vendor_words("cpe:2.3:h:micron_technology:x").as_deref(),
            Some("micron technology")
        );
        let org = |p: &str| purl_organisation(p);
        assert_eq!(
            org("pkg:maven/com.huawei.hms/push@6.1").as_deref(),
            Some("huawei")
        );
        assert_eq!(org("pkg:npm/%40huawei/sdk@1.0").as_deref(), Some("huawei"));
        assert_eq!(
            org("pkg:golang/github.com/zte/tool@v1").as_deref(),
            Some("zte")
        );
        assert_eq!(org("pkg:github/dahua/sdk@1").as_deref(), Some("dahua"));
        assert_eq!(
            org("pkg:golang/huawei.com/x/y@v1").as_deref(),
            Some("huawei")
        );
        assert_eq!(org("pkg:npm/left-pad@1.0"), None);
    }
}
