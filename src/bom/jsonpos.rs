//! Line numbers of JSON objects. serde_json keeps no positions of values, so one quick pass
//! over the text finds where the objects of interest (CycloneDX components, SPDX packages)
//! start, in document order.

/// A step of a JSON path: a key (by its index in the caller's list of interesting keys, or
/// `None` for any other key) or an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(Option<u8>),
    Index(usize),
}

#[derive(Clone, Copy)]
enum Frame {
    /// An object; `key` is the last key read, `want_key` whether a key comes next.
    Object { key: Option<u8>, want_key: bool },
    /// An array and the index of its current element.
    Array { index: usize },
}

/// What the scan reports, with 1-based lines.
pub(crate) enum Event<'p> {
    /// An object starts; `path` leads to it.
    Object { path: &'p [Seg], line: usize },
    /// A key is read in the object at `path`.
    Key {
        path: &'p [Seg],
        key: Option<u8>,
        line: usize,
    },
}

/// One pass over JSON text, reporting object starts and keys with their paths and lines.
/// `keys` names the keys paths can tell apart. Strings are skipped with a vectorised search
/// (a JSON string holds no raw newline, so no line is missed). Deeper than `max_depth`
/// nothing is reported (the parser rejects such documents anyway).
pub(crate) fn scan(text: &str, keys: &[&str], max_depth: usize, on: &mut dyn FnMut(Event<'_>)) {
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Seg> = Vec::new();
    let mut line = 1usize;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' => line += 1,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while let Some(rest) = b.get(j..) {
                    match memchr::memchr2(b'"', b'\\', rest) {
                        None => {
                            j = b.len();
                            break;
                        }
                        Some(k) if rest.get(k) == Some(&b'\\') => j += k + 2,
                        Some(k) => {
                            j += k;
                            break;
                        }
                    }
                }
                let depth = stack.len();
                if let Some(Frame::Object { key, want_key }) = stack.last_mut()
                    && *want_key
                {
                    let s = b.get(start..j.min(b.len())).unwrap_or_default();
                    *key = keys.iter().position(|k| k.as_bytes() == s).map(|p| p as u8);
                    *want_key = false;
                    if depth <= max_depth {
                        on(Event::Key {
                            path: &path,
                            key: *key,
                            line,
                        });
                    }
                }
                i = j;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'{' | b'[' => {
                let seg = match stack.last() {
                    Some(Frame::Object { key, .. }) => Some(Seg::Key(*key)),
                    Some(Frame::Array { index }) => Some(Seg::Index(*index)),
                    None => None,
                };
                if let Some(seg) = seg {
                    path.push(seg);
                }
                if c == b'{' && stack.len() < max_depth {
                    on(Event::Object { path: &path, line });
                }
                stack.push(if c == b'{' {
                    Frame::Object {
                        key: None,
                        want_key: true,
                    }
                } else {
                    Frame::Array { index: 0 }
                });
            }
            b'}' | b']' => {
                stack.pop();
                if !stack.is_empty() {
                    path.pop();
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// The 1-based lines where objects start whose path `want` accepts, in document order.
pub(crate) fn object_lines(
    text: &str,
    keys: &[&str],
    max_depth: usize,
    want: &dyn Fn(&[Seg]) -> bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    scan(text, keys, max_depth, &mut |e| {
        if let Event::Object { path, line } = e
            && want(path)
        {
            out.push(line);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_components_in_document_order() {
        let text = r#"{
  "metadata": {"component": {"name": "product"}},
  "components": [
    {"name": "a", "note": "a \"quoted\" {brace}",
     "components": [
       {"name": "a1"}
     ]},
    {"name": "b"}
  ],
  "formulation": [{"components": [{"name": "not me"}]}]
}"#;
        const COMPONENTS: Seg = Seg::Key(Some(0));
        let want = |p: &[Seg]| -> bool {
            let (first, rest) = match p {
                [Seg::Key(Some(1)), Seg::Key(Some(2)), rest @ ..] => (true, rest),
                [COMPONENTS, Seg::Index(_), rest @ ..] => (true, rest),
                _ => (false, p),
            };
            first
                && rest
                    .chunks(2)
                    .all(|c| matches!(c, [COMPONENTS, Seg::Index(_)]))
        };
        let lines = object_lines(text, &["components", "metadata", "component"], 64, &want);
        assert_eq!(lines, [2, 4, 6, 8]);
    }
}
