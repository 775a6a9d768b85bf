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

/// The grantee code of an FCC ID, upper-case: its first 5 characters when it starts with `2`
/// (codes issued since 2013), else its first 3.
pub fn fcc_grantee(id: &str) -> Option<String> {
    let id = id.trim().to_uppercase();
    let len = if id.starts_with('2') { 5 } else { 3 };
    id.get(..len).map(str::to_string)
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
    }
}
