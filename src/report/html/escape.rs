//! Making values from BOMs and rule files safe in a page: HTML escaping, invisible characters
//! made visible, and links only to web addresses.

use std::fmt::Write;

use crate::normalize::is_invisible;

/// Appends `c`, escaped for HTML text and for quoted attribute values.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}

/// `s` escaped for an attribute value (`& < > " '`).
pub(super) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Does `c` get shown as its code point: invisible, bidirectional or control characters, but
/// not the white space a page shows as a space anyway.
fn shown_as_code(c: char) -> bool {
    is_invisible(c) && !matches!(c, '\t' | '\n' | '\r')
}

/// `s` as HTML text: escaped, and every invisible, bidirectional or control character shown as
/// `\u{202e}` in a `<code class="ch">`, so that a value can neither hide text nor reorder the
/// text around it.
pub(super) fn text(s: &str) -> String {
    visible(s, true)
}

/// [`text`] for places that hold no markup (the page title): the code points as plain text.
pub(super) fn plain(s: &str) -> String {
    visible(s, false)
}

/// `s` escaped, with invisible characters as `\u{…}`, marked up as code when `marked`.
fn visible(s: &str, marked: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !shown_as_code(c) {
            push_escaped(&mut out, c);
        } else if marked {
            let _ = write!(out, "<code class=\"ch\">\\u{{{:x}}}</code>", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    out
}

/// A value written in a BOM, inline: [`text`] in a `<bdi>`, so that right-to-left letters in
/// it do not reorder the sentence around it.
pub(super) fn bom(s: &str) -> String {
    format!("<bdi>{}</bdi>", text(s))
}

/// Is `url` a web address a link may point to: `http://` or `https://`, with nothing a
/// browser would strip or reinterpret (white space, controls, invisible characters).
fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || is_invisible(c))
}

/// A link to `url` when it is a web address, else the address as text: a rule file cannot
/// make the page run a `javascript:` address or load anything.
pub(super) fn link(url: &str) -> String {
    if is_web_url(url) {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            attr(url),
            text(url)
        )
    } else {
        format!(
            "<span class=\"bad-url\">{}</span> <span class=\"muted\">(not a web address: not linked)</span>",
            text(url)
        )
    }
}

/// Standard base64 with padding, for the page's content-security hashes.
pub(super) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |v: u32| {
        ALPHABET
            .get((v & 63) as usize)
            .map_or('=', |&b| char::from(b))
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| chunk.get(i).map_or(0, |&b| u32::from(b));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        out.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(attr("a\"b'c<d>&"), "a&quot;b&#39;c&lt;d&gt;&amp;");
    }

    #[test]
    fn invisible_and_bidi_characters_are_shown() {
        assert_eq!(
            text("AB\u{202e}C\u{200b}"),
            "AB<code class=\"ch\">\\u{202e}</code>C<code class=\"ch\">\\u{200b}</code>"
        );
        assert_eq!(text("a\nb\tc"), "a\nb\tc");
        assert_eq!(text("\u{0}"), "<code class=\"ch\">\\u{0}</code>");
        assert_eq!(bom("x"), "<bdi>x</bdi>");
        assert_eq!(plain("<a\u{202e}>"), "&lt;a\\u{202e}&gt;");
    }

    #[test]
    fn only_web_addresses_are_linked() {
        assert_eq!(
            link("https://example.org/a?b=1&c=\"2\""),
            "<a href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\" rel=\"noopener noreferrer\">https://example.org/a?b=1&amp;c=&quot;2&quot;</a>"
        );
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " https://example.org",
            "https://exa mple.org",
            "https://example.org/\u{202e}",
            "data:text/html,x",
            "//example.org",
        ] {
            assert!(!link(bad).contains("href"), "{bad}");
        }
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
