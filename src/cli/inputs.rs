//! Which BOMs a run reads: files as named, `-` for standard input, every BOM file under a
//! folder (recursively, in a stable order), and glob patterns (`hw/**/*.csv`).

use std::path::{Path, PathBuf};

use bomgate::Error;

/// One BOM to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The file's path, or `standard input`, for messages.
    pub fn describe(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "standard input".into(),
        }
    }
}

/// File extensions of the BOM formats bomgate reads, for folders and globs.
const BOM_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "toml", "json", "xml", "spdx", "jsonld", "cdx", "xlsx", "xls", "xlsm", "xlsb",
    "ods",
];

/// The inputs named by `args`, and the files a folder held that are not BOMs (listed as
/// skipped). A named path that does not exist, a folder with no BOM and a glob that matches
/// nothing are errors: a run must never check nothing.
pub fn expand(args: &[PathBuf]) -> Result<(Vec<Input>, Vec<PathBuf>), Error> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for a in args {
        let s = a.to_string_lossy();
        if s == "-" {
            inputs.push(Input::Stdin);
        } else if a.is_dir() {
            let before = inputs.len();
            walk(a, &mut inputs, &mut skipped)?;
            if inputs.len() == before {
                return Err(Error::Context(format!(
                    "{} holds no BOM file (extensions {})",
                    a.display(),
                    BOM_EXTENSIONS.join(", ")
                )));
            }
        } else if s.contains(['*', '?', '[']) {
            let found = glob(&s)?;
            if found.is_empty() {
                return Err(Error::Context(format!("no file matches `{s}`")));
            }
            inputs.extend(found.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(a.clone()));
        }
    }
    Ok((inputs, skipped))
}

/// Every BOM file under `dir`, sorted by path; other files go to `skipped`.
fn walk(dir: &Path, inputs: &mut Vec<Input>, skipped: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, inputs, skipped)?;
        } else if is_bom_file(&p) && looks_like_bom(&p) {
            inputs.push(Input::File(p));
        } else {
            skipped.push(p);
        }
    }
    Ok(())
}

fn is_bom_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| {
        BOM_EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
    })
}

/// Whether a file found in a folder is a BOM by its content, for the extensions other files
/// share: a TOML file with `[[component]]` or `[bom]` (not `bomgate.toml` or `Cargo.toml`),
/// JSON naming a CycloneDX or SPDX document (not `package.json`), XML with a `<bom` element.
fn looks_like_bom(p: &Path) -> bool {
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let probe = |needles: &[&str]| -> bool {
        let mut head = vec![0u8; 64 * 1024];
        let n = std::fs::File::open(p)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .unwrap_or(0);
        let text = String::from_utf8_lossy(head.get(..n).unwrap_or_default());
        needles.iter().any(|x| text.contains(x))
    };
    match ext.as_str() {
        "toml" => probe(&["[[component]]", "[bom]"]),
        "json" => probe(&[
            "\"bomFormat\"",
            "\"spdxVersion\"",
            "\"@context\"",
            "\"@graph\"",
        ]),
        "xml" => probe(&["<bom", ":bom"]),
        "cdx" => probe(&["\"bomFormat\"", "<bom", ":bom"]),
        _ => true,
    }
}

/// The files matching a glob pattern (`*`, `?` within a path segment, `**` for any number of
/// folders), sorted.
fn glob(pattern: &str) -> Result<Vec<PathBuf>, Error> {
    let absolute = pattern.starts_with('/');
    let segments: Vec<&str> = pattern
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let start = if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::from(".")
    };
    let mut out = Vec::new();
    glob_from(&start, &segments, &mut out);
    out.sort();
    out.dedup();
    Ok(out
        .into_iter()
        .map(|p| p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p))
        .collect())
}

fn glob_from(dir: &Path, segments: &[&str], out: &mut Vec<PathBuf>) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    if *first == "**" {
        glob_from(dir, rest, out);
        for sub in subdirs(dir) {
            glob_from(&sub, segments, out);
        }
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !matches(first, &name) {
            continue;
        }
        if rest.is_empty() {
            if p.is_file() {
                out.push(p);
            }
        } else if p.is_dir() {
            glob_from(&p, rest, out);
        }
    }
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a file name matches one glob segment (`*` any run, `?` one character).
fn matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ni;
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ni = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|r| r.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn glob_segments() {
        assert!(matches("*.csv", "bom.csv"));
        assert!(matches("b?m.csv", "bom.csv"));
        assert!(!matches("*.csv", "bom.csv.bak"));
        assert!(matches("*", "x"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxbyy"));
    }
}
