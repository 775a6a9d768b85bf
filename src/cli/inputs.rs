//! Which BOMs a run reads: files as named, `-` for standard input, the BOM files under a
//! folder (recursively, in a stable order), and glob patterns (`hw/**/*.csv`, `../hw/*.csv`).
//!
//! Under a folder, a file with a BOM format's extension is read as a named file is, so one
//! that cannot be read is an error. The files left out are those recognised as something
//! else (`package.json`, `Cargo.toml`, a bomgate report or rule file, a KiCad netlist…), and
//! each is listed with the reason. A file named twice (or reached by two paths) is read once.

use std::collections::{BTreeMap, HashMap};
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

/// File extensions of the BOM formats bomgate reads, for folders.
const BOM_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "toml", "json", "xml", "spdx", "jsonld", "cdx", "xlsx", "xls", "xlsm", "xlsb",
    "ods",
];

/// Files that share a BOM format's extension and are well known to be something else, by
/// name (lower case; `*` for any run): left out of a folder's BOMs when their content names
/// no BOM format either.
const KNOWN_FILES: &[(&str, &str)] = &[
    ("package.json", "an npm package manifest"),
    ("package-lock.json", "an npm lock file"),
    ("npm-shrinkwrap.json", "an npm lock file"),
    ("composer.json", "a Composer manifest"),
    ("tsconfig*.json", "a TypeScript configuration"),
    ("jsconfig*.json", "a JavaScript configuration"),
    ("renovate.json", "a Renovate configuration"),
    ("lerna.json", "a Lerna configuration"),
    ("nx.json", "an Nx configuration"),
    ("turbo.json", "a Turborepo configuration"),
    ("deno.json", "a Deno configuration"),
    ("bower.json", "a Bower manifest"),
    ("angular.json", "an Angular workspace"),
    ("vercel.json", "a Vercel configuration"),
    ("firebase.json", "a Firebase configuration"),
    ("tslint.json", "a TSLint configuration"),
    ("biome.json", "a Biome configuration"),
    ("cspell.json", "a CSpell configuration"),
    ("devcontainer.json", "a dev container configuration"),
    ("global.json", "a .NET SDK configuration"),
    ("appsettings*.json", "a .NET application configuration"),
    ("manifest.json", "a web or extension manifest"),
    ("*.schema.json", "a JSON Schema"),
    ("cargo.toml", "a Rust package manifest"),
    ("pyproject.toml", "a Python project file"),
    ("bomgate.toml", "the bomgate configuration"),
    ("rust-toolchain.toml", "a Rust toolchain file"),
    ("clippy.toml", "a Clippy configuration"),
    ("rustfmt.toml", "a rustfmt configuration"),
    ("deny.toml", "a cargo-deny configuration"),
    ("cross.toml", "a cross configuration"),
    ("book.toml", "an mdBook configuration"),
    ("taplo.toml", "a Taplo configuration"),
    ("typos.toml", "a typos configuration"),
    ("_typos.toml", "a typos configuration"),
    ("cliff.toml", "a git-cliff configuration"),
    ("release.toml", "a cargo-release configuration"),
    ("dist-workspace.toml", "a cargo-dist configuration"),
    ("netlify.toml", "a Netlify configuration"),
    ("wrangler.toml", "a Cloudflare Wrangler configuration"),
    ("fly.toml", "a Fly.io configuration"),
    ("ruff.toml", "a Ruff configuration"),
    ("uv.toml", "a uv configuration"),
    ("mise.toml", "a mise configuration"),
    ("hatch.toml", "a Hatch configuration"),
    ("pom.xml", "a Maven project file"),
    ("build.xml", "an Ant build file"),
    ("ivy.xml", "an Ivy module file"),
    ("settings.xml", "a Maven settings file"),
    ("androidmanifest.xml", "an Android manifest"),
    ("web.xml", "a Java web application descriptor"),
    ("phpunit.xml", "a PHPUnit configuration"),
    ("checkstyle.xml", "a Checkstyle configuration"),
    ("logback.xml", "a Logback configuration"),
    ("log4j2.xml", "a Log4j configuration"),
];

/// JSON keys that make a document a BOM to bomgate, or an attempt at one: a file that holds
/// one anywhere is read (and an error if it cannot be), never left out.
const JSON_MARKERS: &[&str] = &[
    "\"bomFormat\"",
    "\"specVersion\"",
    "\"spdxVersion\"",
    "\"SPDXID\"",
    "\"@context\"",
    "\"@graph\"",
];

/// How much of a file is looked at to recognise it when that is enough (the root element of
/// XML, the first line of a text export, JSON markers).
const HEAD: u64 = 64 * 1024;

/// What a run reads, and what it left out and why.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The inputs in the order named, each file once.
    pub inputs: Vec<Input>,
    /// Files and folders under a folder that are not read, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// A file named again under another path (a folder and a glob over it, a link to it): the
    /// path dropped and the one read. The same path named twice is dropped quietly.
    pub duplicates: Vec<(PathBuf, PathBuf)>,
    /// The files found by walking a folder, with the folder as named.
    pub found_in: BTreeMap<PathBuf, PathBuf>,
}

/// The inputs named by `args`. A named path that does not exist, a folder with no BOM, a glob
/// that matches nothing and standard input named twice are errors: a run must never check
/// nothing, nor less than it was asked to.
pub fn expand(args: &[PathBuf]) -> Result<Inputs, Error> {
    let mut out = Inputs::default();
    let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
    for a in args {
        let s = a.to_string_lossy();
        if s == "-" {
            if out.inputs.contains(&Input::Stdin) {
                return Err(Error::Context(
                    "`-` (standard input) is named twice: standard input can be read only once — name it once".into(),
                ));
            }
            out.inputs.push(Input::Stdin);
        } else if a.is_dir() {
            for f in folder(a, &mut out.skipped)? {
                out.add(f, Some(a), &mut seen);
            }
        } else if s.contains(['*', '?', '[']) {
            let found = glob(&s)?;
            if found.is_empty() {
                return Err(Error::Context(format!("no file matches `{s}`")));
            }
            for f in found {
                out.add(f, None, &mut seen);
            }
        } else {
            out.add(a.clone(), None, &mut seen);
        }
    }
    Ok(out)
}

/// The BOM files under a folder named as an input; a folder with none is an error that says
/// what its files were taken for.
fn folder(dir: &Path, skipped: &mut Vec<(PathBuf, String)>) -> Result<Vec<PathBuf>, Error> {
    let before = skipped.len();
    let mut files = Vec::new();
    walk(dir, &mut files, skipped)?;
    if !files.is_empty() {
        return Ok(files);
    }
    let left_out: Vec<String> = skipped
        .get(before..)
        .unwrap_or_default()
        .iter()
        .take(3)
        .map(|(p, why)| format!("{}: {why}", p.display()))
        .collect();
    let more = skipped.len() - before - left_out.len();
    let mut msg = format!(
        "{} holds no BOM file (extensions {})",
        dir.display(),
        BOM_EXTENSIONS.join(", ")
    );
    if !left_out.is_empty() {
        msg.push_str(&format!(" — skipped {}", left_out.join("; ")));
        if more > 0 {
            msg.push_str(&format!("; and {more} more"));
        }
    }
    Err(Error::Context(msg))
}

impl Inputs {
    /// Adds a file unless it was added already, under this or another path (by its canonical
    /// path: links, `..`, a folder and a glob over it).
    fn add(&mut self, file: PathBuf, folder: Option<&Path>, seen: &mut HashMap<PathBuf, PathBuf>) {
        let key = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        match seen.get(&key) {
            Some(first) if *first == file => {}
            Some(first) => self.duplicates.push((file, first.clone())),
            None => {
                seen.insert(key, file.clone());
                if let Some(dir) = folder {
                    self.found_in.insert(file.clone(), dir.to_path_buf());
                }
                self.inputs.push(Input::File(file));
            }
        }
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The entries of a folder with their types (links not followed), sorted by path. An entry
/// that cannot be read is an error, never a file silently left out.
fn entries(dir: &Path) -> Result<Vec<(PathBuf, std::fs::FileType)>, Error> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let e = e.map_err(io_error(dir))?;
        let p = e.path();
        let ty = e.file_type().map_err(io_error(&p))?;
        out.push((p, ty));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Every BOM file under `dir`, sorted by path; what is left out goes to `skipped` with the
/// reason. Hidden files and folders (`.git`) are left out quietly; links to folders are not
/// followed, so a link back up cannot loop.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<(PathBuf, String)>,
) -> Result<(), Error> {
    for (p, ty) in entries(dir)? {
        if hidden(&p) {
            continue;
        }
        if ty.is_dir() {
            match skipped_folder(&p) {
                Some(why) => skipped.push((p, why.into())),
                None => walk(&p, files, skipped)?,
            }
        } else if ty.is_symlink() && p.is_dir() {
            skipped.push((
                p,
                "a link to a folder, not followed (name the folder to check it)".into(),
            ));
        } else if !ty.is_file() && !ty.is_symlink() {
            // A pipe or a socket would block or fail the read: not a file of the repository.
            skipped.push((p, "not a regular file".into()));
        } else {
            match not_a_bom(&p) {
                Some(why) => skipped.push((p, why)),
                None => files.push(p),
            }
        }
    }
    Ok(())
}

/// Why a folder under a folder is not walked: installed packages, build output, a virtual
/// environment, recognised by their own marks.
fn skipped_folder(p: &Path) -> Option<&'static str> {
    if p.file_name().is_some_and(|n| n == "node_modules") {
        Some("installed JavaScript packages, not read")
    } else if p.join("CACHEDIR.TAG").is_file() {
        Some("a build or cache folder (it holds CACHEDIR.TAG), not read")
    } else if p.join("pyvenv.cfg").is_file() {
        Some("a Python virtual environment, not read")
    } else {
        None
    }
}

/// Why a file under a folder is not a BOM, or `None` to read it. Only what is recognised as
/// something else is left out; a file that cannot be read or recognised is read, so that
/// its error is reported.
fn not_a_bom(p: &Path) -> Option<String> {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "txt" => (!tab_separated(p)).then(|| {
            "a .txt file with no tab-separated table, not read (name the file to check it)".into()
        }),
        "json" | "jsonld" => json_kind(p, &name),
        "toml" => toml_kind(p, &name),
        "xml" => xml_kind(p, &name),
        e if BOM_EXTENSIONS.contains(&e) => None,
        _ => Some("not a BOM format".into()),
    }
}

/// What a well-known file name says the file is.
fn known_file(name: &str) -> Option<String> {
    KNOWN_FILES
        .iter()
        .find(|(pattern, _)| matches(pattern, name))
        .map(|(_, what)| format!("{what}, not a BOM"))
}

/// Text of a file's bytes: UTF-8, or UTF-16 after its byte-order mark; invalid sequences
/// replaced (the text is only looked at, never reported).
fn text_of(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], f: fn([u8; 2]) -> u16| -> String {
        let units = rest
            .chunks_exact(2)
            .filter_map(|c| <[u8; 2]>::try_from(c).ok().map(f));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        let rest = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        String::from_utf8_lossy(rest).into_owned()
    }
}

/// The first `HEAD` bytes of a file as text, or `None` if it cannot be read.
fn head(p: &Path) -> Option<String> {
    let mut bytes = Vec::new();
    let f = std::fs::File::open(p).ok()?;
    std::io::Read::read_to_end(&mut std::io::Read::take(f, HEAD), &mut bytes).ok()?;
    Some(text_of(&bytes))
}

/// The whole file as text, or `None` if it cannot be read.
fn whole(p: &Path) -> Option<String> {
    std::fs::read(p).ok().map(|b| text_of(&b))
}

/// Whether a `.txt` file is a table exported as text: its first line holds a tab (Excel's
/// "Unicode text" and "Text (tab delimited)").
fn tab_separated(p: &Path) -> bool {
    head(p).is_some_and(|t| {
        t.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.contains('\t'))
    })
}

/// A JSON file that is not a BOM: no BOM marker anywhere, and a bomgate baseline or report, a
/// JSON Schema, or a well-known file by name.
fn json_kind(p: &Path, name: &str) -> Option<String> {
    let has_marker = |t: &str| JSON_MARKERS.iter().any(|m| t.contains(m));
    if has_marker(&head(p)?) {
        return None;
    }
    let text = whole(p)?;
    if has_marker(&text) {
        return None;
    }
    let keys = serde_json::from_str::<BTreeMap<String, serde::de::IgnoredAny>>(&text).ok();
    if let Some(keys) = keys {
        let has = |k: &str| keys.contains_key(k);
        if has("components") {
            return None;
        }
        if has("bomgate_baseline") {
            return Some("a bomgate baseline, not a BOM".into());
        }
        if has("schema_version") && has("findings") {
            return Some("a bomgate report, not a BOM".into());
        }
        if has("$schema") && text.contains("json-schema.org/") {
            return Some("a JSON Schema, not a BOM".into());
        }
    }
    known_file(name)
}

/// A TOML file that is not a BOM: it parses, has no `component` or `bom` key (in any
/// spelling TOML allows), and is a bomgate rule, pack or waiver file, or a well-known file by
/// name. A file that does not parse is read, so that its error is reported.
fn toml_kind(p: &Path, name: &str) -> Option<String> {
    let table: toml::Table = whole(p)?.parse().ok()?;
    if table.contains_key("component") || table.contains_key("bom") {
        return None;
    }
    let only =
        |allowed: &[&str]| !table.is_empty() && table.keys().all(|k| allowed.contains(&k.as_str()));
    if only(&["instrument", "rule", "entity", "role", "scope"]) {
        return Some("a bomgate rule file, not a BOM".into());
    }
    if only(&["pack"]) {
        return Some("a bomgate rule pack file, not a BOM".into());
    }
    if only(&["waiver"]) {
        return Some("a bomgate waiver file, not a BOM".into());
    }
    known_file(name)
}

/// An XML file that is not a BOM: its root element is not `bom`, and it is a JUnit report, a
/// KiCad netlist, or a well-known file by name.
fn xml_kind(p: &Path, name: &str) -> Option<String> {
    let head = head(p)?;
    let root = root_element(&head)?;
    let local = root.rsplit(':').next().unwrap_or(root);
    match local {
        "bom" => None,
        "testsuites" | "testsuite" => Some("a JUnit test report, not a BOM".into()),
        "export" => {
            Some("a KiCad netlist, not a BOM (check the BOM exported from it, e.g. a CSV)".into())
        }
        _ => known_file(name),
    }
}

/// The name of the root element of an XML document: the first element after the
/// declaration, comments, processing instructions and the document type.
fn root_element(xml: &str) -> Option<&str> {
    let mut rest = xml;
    loop {
        rest = rest.get(rest.find('<')?..)?;
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.get(after.find("-->")? + 3..)?;
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.get(rest.find('>')? + 1..)?;
        } else {
            let name = rest.get(1..)?;
            let end = name
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(name.len());
            return name.get(..end);
        }
    }
}

/// The files matching a glob pattern (`*`, `?` within a path segment, `**` for any number of
/// folders; a segment without a wildcard, such as `..`, is a path), sorted. A folder that
/// cannot be read is an error, never a match silently missed.
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
    glob_from(&start, &segments, &mut out)?;
    out.sort();
    out.dedup();
    Ok(out
        .into_iter()
        .map(|p| p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p))
        .collect())
}

fn glob_from(dir: &Path, segments: &[&str], out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let Some((first, rest)) = segments.split_first() else {
        return Ok(());
    };
    if *first == "**" {
        glob_from(dir, rest, out)?;
        for sub in subdirs(dir)? {
            glob_from(&sub, segments, out)?;
        }
        return Ok(());
    }
    if !first.contains(['*', '?']) {
        // A literal segment is joined, not looked for: `..`, and hidden folders named in full.
        let p = dir.join(first);
        if rest.is_empty() {
            // A dangling link is a match, so that reading it fails loudly.
            if p.symlink_metadata().is_ok() && !p.is_dir() {
                out.push(p);
            }
        } else if p.is_dir() {
            glob_from(&p, rest, out)?;
        }
        return Ok(());
    }
    for (p, _) in entries(dir)? {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || !matches(first, &name) {
            continue;
        }
        if rest.is_empty() {
            if !p.is_dir() {
                out.push(p);
            }
        } else if p.is_dir() {
            glob_from(&p, rest, out)?;
        }
    }
    Ok(())
}

/// The folders `**` descends into: not hidden, and not links (a link back up would loop).
fn subdirs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(entries(dir)?
        .into_iter()
        .filter(|(p, ty)| ty.is_dir() && !hidden(p))
        .map(|(p, _)| p)
        .collect())
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
