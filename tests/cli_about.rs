//! The command describing itself: shell completions, manual pages, version, the rule-file
//! format.

use std::process::Command;

use crate::util::{bomgate, root, temp_dir};

/// Every subcommand a user can type.
const SUBCOMMANDS: &[&str] = &[
    "check",
    "rules",
    "explain",
    "timeline",
    "init",
    "completions",
    "man",
    "version",
];

fn stdout_of(args: &[&str]) -> String {
    let out = bomgate(&root(), args);
    assert!(
        out.status.success(),
        "bomgate {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Whether a program can be started (`--version` answers).
fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn completions_name_every_subcommand_and_option() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completions lack `{sub}`");
        }
        for opt in ["write-baseline", "fail-on", "jurisdiction"] {
            assert!(script.contains(opt), "{shell} completions lack `--{opt}`");
        }
    }
    // Values of an enum flag complete too.
    assert!(stdout_of(&["completions", "fish"]).contains("sarif"));
    assert_eq!(
        bomgate(&root(), &["completions", "tcsh"]).status.code(),
        Some(2)
    );
}

#[test]
fn bash_and_zsh_completions_parse() {
    for (shell, check) in [("bash", ["-n"]), ("zsh", ["-n"])] {
        if !have(shell) {
            eprintln!("{shell} not installed: its completion script was not parsed");
            continue;
        }
        let dir = temp_dir(&format!("completions-{shell}"));
        let file = dir.join("bomgate.sh");
        std::fs::write(&file, stdout_of(&["completions", shell])).unwrap();
        let out = Command::new(shell).args(check).arg(&file).output().unwrap();
        assert!(
            out.status.success(),
            "{shell} -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Requests a clap-generated page may use; anything else would be a roff error.
const ROFF_REQUESTS: &[&str] = &[
    ".TH", ".SH", ".SS", ".TP", ".PP", ".IP", ".RS", ".RE", ".br", ".ie", ".el", ".B", ".I", ".nf",
    ".fi", ".sp", ".EX", ".EE",
];

fn assert_roff(name: &str, page: &str) {
    assert!(page.contains("\n.TH "), "{name}: no title");
    assert!(page.contains("\n.SH NAME\n"), "{name}: no NAME section");
    assert!(
        page.contains("\n.SH SYNOPSIS\n"),
        "{name}: no SYNOPSIS section"
    );
    for line in page.lines().filter(|l| l.starts_with('.')) {
        let request = line.split_whitespace().next().unwrap_or(line);
        assert!(
            ROFF_REQUESTS.contains(&request),
            "{name}: unknown roff request in `{line}`"
        );
    }
}

/// `groff -man -ww -z` (all warnings, no output) accepts the page, when groff is installed.
fn groff_accepts(name: &str, page: &str) {
    if !have("groff") {
        eprintln!("groff not installed: {name} was checked by structure only");
        return;
    }
    let dir = temp_dir(&format!("man-{}", name.replace('.', "-")));
    let file = dir.join(name);
    std::fs::write(&file, page).unwrap();
    let out = Command::new("groff")
        .args(["-k", "-man", "-ww", "-z"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "groff failed on {name}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "groff warns on {name}"
    );
}

#[test]
fn the_manual_page_is_roff_and_lists_the_subcommands() {
    let page = stdout_of(&["man"]);
    assert_roff("bomgate.1", &page);
    assert!(page.contains("\n.SH SUBCOMMANDS\n"));
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("bomgate\\-{sub}(1)")),
            "the page does not list `{sub}`"
        );
    }
    assert!(
        page.contains("Exit codes"),
        "the after-help text is a section"
    );
    groff_accepts("bomgate.1", &page);
    assert_eq!(page, stdout_of(&["man"]), "deterministic");
}

/// `bomgate man` prints the pages `--dir` writes, bomgate's first, and none refers to a page
/// that is not written; a file or an impossible folder given as `--dir` is named plainly.
#[test]
fn man_prints_every_page_and_refers_only_to_pages_it_writes() {
    let page = stdout_of(&["man"]);
    let dir = temp_dir("man-all");
    let out = bomgate(&root(), &["man", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let written = std::fs::read_dir(&dir).unwrap().count();
    let titles: Vec<&str> = page.lines().filter(|l| l.starts_with(".TH ")).collect();
    assert_eq!(titles.len(), written, "{titles:?}");
    assert!(titles[0].starts_with(".TH bomgate 1"), "{titles:?}");
    assert!(
        page.contains("\\-\\-write\\-baseline"),
        "check's options are printed"
    );
    assert!(!page.contains("help(1)"), "no page for the help subcommand");
    for file in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(!text.contains("help(1)"));
    }
    groff_accepts("bomgate-all.1", &page);
    let file = dir.join("bomgate.1");
    let out = bomgate(&root(), &["man", "--dir", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("that is a file; name a folder"), "{err}");
    let under = file.join("sub");
    let out = bomgate(&root(), &["man", "--dir", under.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("cannot write the manual pages into") && !err.contains("bomgate.toml"),
        "{err}"
    );
}

#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let dir = temp_dir("man-dir").join("share/man/man1");
    let out = bomgate(&root(), &["man", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for want in [
        "bomgate.1",
        "bomgate-check.1",
        "bomgate-rules.1",
        "bomgate-rules-list.1",
        "bomgate-rules-doc.1",
        "bomgate-version.1",
    ] {
        assert!(pages.iter().any(|p| p == want), "{want} missing: {pages:?}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{} manual pages written to ", pages.len())),
        "{stderr}"
    );
    let check = std::fs::read_to_string(dir.join("bomgate-check.1")).unwrap();
    assert_roff("bomgate-check.1", &check);
    assert!(check.contains("\\-\\-write\\-baseline"));
    groff_accepts("bomgate-check.1", &check);
}

/// The `version` of `rules/pack.toml`.
fn shipped_pack_version() -> String {
    let text = std::fs::read_to_string(root().join("rules/pack.toml")).unwrap();
    let v: toml::Table = toml::from_str(&text).unwrap();
    v["pack"]["version"].as_str().unwrap().to_string()
}

#[test]
fn version_names_the_program_and_the_rule_pack() {
    let rules = crate::util::shipped();
    let text = stdout_of(&["version"]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(concat!("bomgate ", env!("CARGO_PKG_VERSION")))
    );
    let pack = lines.next().unwrap();
    let want = format!(
        "rules: shipped {}: {} rules of {} instruments, {} entities, {} roles; facts checked up to ",
        shipped_pack_version(),
        rules.rules().len(),
        rules.instruments().len(),
        rules.entities().len(),
        rules.roles().len()
    );
    assert!(pack.starts_with(&want), "{pack}\nwant {want}");
    let newest = rules.instruments().iter().map(|i| i.checked).max().unwrap();
    assert!(pack.ends_with(&newest.to_string()), "{pack}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["version", "--format", "json"])).unwrap();
    assert_eq!(json["bomgate"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["rules"]["version"], shipped_pack_version());
    assert_eq!(json["rules"]["rules"], rules.rules().len());
    assert_eq!(json["rules"]["sha256"], rules.digest());
}

#[test]
fn the_rule_file_format_is_at_hand() {
    let readme = std::fs::read_to_string(root().join("rules/README.md")).unwrap();
    assert_eq!(stdout_of(&["rules", "doc"]), readme);
    // `bomgate help rules` is clap's help of `rules`: it points to the format.
    assert!(stdout_of(&["help", "rules"]).contains("`bomgate rules doc`"));
    assert!(stdout_of(&["rules", "--help"]).contains("`bomgate rules doc`"));
}

#[test]
fn rule_file_errors_point_to_the_format() {
    let dir = temp_dir("rule-format-hint");
    std::fs::write(dir.join("bad.toml"), "[[entity]\nid = \"x\"\n").unwrap();
    std::fs::write(
        dir.join("typo.toml"),
        "[[entity]]\nid = \"x\"\nname = \"X\"\naliases = 3\n",
    )
    .unwrap();
    let out = bomgate(
        &dir,
        &["rules", "check", "--no-default-rules", "--rules", "."],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:1:"), "{err}");
    assert!(err.contains("typo.toml:4:"), "{err}");
    assert_eq!(err.matches("`bomgate rules doc`").count(), 2, "{err}");
    assert!(!err.contains("README"), "{err}");
}
