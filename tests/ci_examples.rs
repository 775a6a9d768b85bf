//! The CI examples of `examples/ci/` run as copied: the GitHub and GitLab workflows' steps as
//! a script, and the pre-commit hook through its entry, in a sample repository laid out as
//! the examples describe it (bomgate.toml at the root, waivers under compliance/, the sample
//! BOMs of `examples/boms/` under hardware/). The install step is replaced by the binary
//! under test on `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{root, temp_dir};

/// A sample repository, with files that are not BOMs beside the BOMs.
fn sample_repo(name: &str) -> PathBuf {
    let dir = temp_dir(&format!("ci-{name}"));
    let examples = root().join("examples");
    let copy = |from: &Path, to: &str| {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    };
    copy(&examples.join("ci/bomgate.toml"), "bomgate.toml");
    copy(&examples.join("ci/waivers.toml"), "compliance/waivers.toml");
    copy(
        &examples.join("ci/github-actions.yml"),
        ".github/workflows/bomgate.yml",
    );
    copy(&examples.join("ci/gitlab-ci.yml"), ".gitlab-ci.yml");
    copy(
        &examples.join("ci/pre-commit-config.yaml"),
        ".pre-commit-config.yaml",
    );
    for e in std::fs::read_dir(examples.join("boms")).unwrap() {
        let p = e.unwrap().path();
        copy(
            &p,
            &format!("hardware/{}", p.file_name().unwrap().to_str().unwrap()),
        );
    }
    copy(&root().join("Cargo.toml"), "Cargo.toml");
    copy(&root().join("Cargo.toml"), "firmware/Cargo.toml");
    std::fs::write(dir.join("package.json"), "{\"name\": \"board-tools\"}\n").unwrap();
    std::fs::write(dir.join("README.md"), "# Camera board\n").unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

/// Runs one step's shell command in `dir` with the tested binary first on `PATH`.
fn sh(dir: &Path, command: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_bomgate")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Command::new("sh")
        .args(["-e", "-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .env("GITHUB_STEP_SUMMARY", dir.join("step-summary.md"))
        .env_remove("NO_COLOR")
        .output()
        .expect("sh runs")
}

/// Runs steps in order as a CI runner does, stopping at the first that fails: the exit code
/// of the last step run, and the output of every step.
fn run_steps(dir: &Path, steps: &[String]) -> (i32, String, String) {
    let (mut out, mut err) = (String::new(), String::new());
    for step in steps {
        let o = sh(dir, step);
        out.push_str(&String::from_utf8_lossy(&o.stdout));
        err.push_str(&String::from_utf8_lossy(&o.stderr));
        let code = o.status.code().expect("exited");
        if code != 0 {
            return (code, out, err);
        }
    }
    (0, out, err)
}

/// A step's value after `key:` on one line, or the lines of a `|` block under it.
fn step_value(lines: &[&str], i: usize, key: &str) -> Option<String> {
    let line = lines[i];
    let rest = line.trim_start().trim_start_matches("- ").trim_start();
    let value = rest.strip_prefix(key)?.strip_prefix(':')?.trim();
    if value != "|" {
        return Some(value.to_string());
    }
    let indent = line.len() - line.trim_start().len();
    let block: Vec<&str> = lines[i + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
        .map(|l| l.trim())
        .collect();
    Some(block.join("\n"))
}

/// The commands of a GitHub workflow's `run:` steps, in order.
fn github_runs(yaml: &str) -> Vec<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    (0..lines.len())
        .filter_map(|i| step_value(&lines, i, "run"))
        .collect()
}

/// The commands of a GitLab job's `script:` list, in order (comments left out).
fn gitlab_script(yaml: &str) -> Vec<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "script:")
        .expect("a script");
    let indent = lines[start].len() - lines[start].trim_start().len();
    lines[start + 1..]
        .iter()
        .take_while(|l| l.len() - l.trim_start().len() > indent)
        .filter_map(|l| l.trim().strip_prefix("- "))
        .map(str::to_string)
        .collect()
}

/// The install step comes first, installs from the repository (bomgate is not on
/// crates.io), and is left out: the tested binary is on `PATH` instead.
fn without_install(mut steps: Vec<String>, example: &str) -> Vec<String> {
    let install = steps.remove(0);
    assert!(
        install.starts_with("cargo install "),
        "{example}: {install}"
    );
    assert!(
        install.contains("--git ") || install.contains("--path "),
        "{example} installs from crates.io, where bomgate is not published: {install}"
    );
    assert!(install.ends_with(" bomgate"), "{example}: {install}");
    assert!(!steps.is_empty(), "{example}: nothing but the install");
    steps
}

/// A Huawei router SoC on a new line 9 of the camera BOM: a finding the baseline does not
/// hold.
fn add_banned_part(repo: &Path) {
    let bom = repo.join("hardware/altium-camera.csv");
    let mut text = std::fs::read_to_string(&bom).unwrap();
    assert_eq!(text.lines().count(), 8, "the new part goes on line 9");
    text.push_str("\"U9\",\"Router SoC\",\"\",\"1\",\"Huawei Technologies Co., Ltd.\",\"Hi3798MV200\",\"\",\"\",\"\",\"\"\n");
    std::fs::write(&bom, text).unwrap();
}

/// As copied, before a baseline is written, the check stops and says how to write it; the
/// command it names writes it.
fn first_run_writes_the_baseline(repo: &Path, steps: &[String], example: &str) {
    let (code, _, err) = run_steps(repo, steps);
    assert_eq!(code, 2, "{example}: {err}");
    assert!(!err.contains("No such file"), "{example}: {err}");
    let want = "`bomgate check --write-baseline compliance/bomgate-baseline.json`";
    assert!(err.contains(want), "{example}: {err}");
    let (code, _, err) = run_steps(repo, &[want.trim_matches('`').to_string()]);
    assert_eq!(code, 0, "{example}: {err}");
    assert!(
        err.contains("baseline written to compliance/bomgate-baseline.json: "),
        "{err}"
    );
}

#[test]
fn the_github_workflow_runs_as_copied() {
    let repo = sample_repo("github");
    let yaml = std::fs::read_to_string(repo.join(".github/workflows/bomgate.yml")).unwrap();
    let steps = without_install(github_runs(&yaml), "github-actions.yml");
    first_run_writes_the_baseline(&repo, &steps, "github-actions.yml");

    // Every finding is in the baseline: the job passes, annotations are warnings.
    let (code, out, err) = run_steps(&repo, &steps);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("::error"), "{out}");
    assert!(out.contains("::warning file=hardware/altium-camera.csv,line=2,"));
    let summary = std::fs::read_to_string(repo.join("step-summary.md")).unwrap();
    assert!(summary.starts_with("## bomgate: ✅ pass"), "{summary}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("bomgate.sarif")).unwrap())
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 10);
    // Each finding is in the baseline, but the waived one, which its waiver accounts for.
    assert!(
        results
            .iter()
            .all(|r| r["baselineState"] == "unchanged" || r.get("suppressions").is_some())
    );
    assert_eq!(
        results
            .iter()
            .filter(|r| r["baselineState"] != "unchanged")
            .count(),
        1
    );

    // A banned part added in a pull request fails the job, on its line.
    add_banned_part(&repo);
    let (code, out, err) = run_steps(&repo, &steps);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(
            "::error file=hardware/altium-camera.csv,line=9,title=us-ndaa-889-part-b (deny)::U9: "
        ),
        "{out}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("bomgate.sarif")).unwrap())
            .unwrap();
    let new: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["baselineState"] == "new" && r.get("suppressions").is_none())
        .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone())
        .collect();
    assert!(!new.is_empty() && new.iter().all(|l| l == 9), "{new:?}");
}

#[test]
fn the_gitlab_job_runs_as_copied() {
    let repo = sample_repo("gitlab");
    let yaml = std::fs::read_to_string(repo.join(".gitlab-ci.yml")).unwrap();
    let steps = without_install(gitlab_script(&yaml), "gitlab-ci.yml");
    first_run_writes_the_baseline(&repo, &steps, "gitlab-ci.yml");

    let (code, out, err) = run_steps(&repo, &steps);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("PASS"), "{out}");
    let junit = std::fs::read_to_string(repo.join("bomgate-junit.xml")).unwrap();
    assert!(
        junit.starts_with("<?xml") && !junit.contains("<failure"),
        "{junit}"
    );
    assert!(
        repo.join("bomgate.md").is_file(),
        "the artifact the job keeps"
    );

    add_banned_part(&repo);
    let (code, out, err) = run_steps(&repo, &steps);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("FAIL"), "{out}");
    let junit = std::fs::read_to_string(repo.join("bomgate-junit.xml")).unwrap();
    assert!(junit.contains("<failure"), "{junit}");
    assert!(junit.contains("U9"), "{junit}");
    let md = std::fs::read_to_string(repo.join("bomgate.md")).unwrap();
    assert!(md.contains("U9"), "{md}");
}

#[test]
fn the_sample_waiver_waives_a_sample_finding() {
    let repo = sample_repo("waiver");
    assert_eq!(
        sh(
            &repo,
            "bomgate check --write-baseline compliance/bomgate-baseline.json"
        )
        .status
        .code(),
        Some(0)
    );
    // On a day before the waiver expires (the sample's date is fixed; today is not).
    let o = sh(&repo, "bomgate check --as-of 2026-12-01 --format json");
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = &r["waivers"][0];
    assert_eq!(w["source"], "compliance/waivers.toml:4");
    assert_eq!(w["state"], "active");
    assert_eq!(
        (w["matched"].as_u64(), w["applied"].as_u64()),
        (Some(1), Some(1))
    );
    let waived: Vec<_> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("waiver").is_some())
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["component"]["ref"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(waived, [("us-ndaa-889-part-b-video", "CAM1")]);
    assert!(
        !r["warnings"].to_string().contains("waiver"),
        "{}",
        r["warnings"]
    );
}

/// The sample flow as the README gives it: the baseline is written while the sample waiver is
/// in force, so it leaves the waived finding out; once the waiver has expired that finding
/// fails, as the warning says, instead of passing as baselined.
#[test]
fn an_expired_sample_waiver_is_not_outlived_by_the_baseline() {
    let repo = sample_repo("waiver-expiry");
    let o = sh(
        &repo,
        "bomgate check --as-of 2026-12-01 --write-baseline compliance/bomgate-baseline.json",
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("; 1 waived finding left out: its waiver accounts for it until it expires"),
        "{err}"
    );
    let baseline: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("compliance/bomgate-baseline.json")).unwrap(),
    )
    .unwrap();
    let recorded: Vec<_> = baseline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["rule"].as_str().unwrap(), e["ref"].as_str().unwrap()))
        .collect();
    assert_eq!(recorded.len(), 13);
    assert!(!recorded.contains(&("us-ndaa-889-part-b-video", "CAM1")));
    assert!(recorded.contains(&("us-ndaa-889-part-b-video", "CAM2")));

    // While the waiver is in force: waived, and nothing fails.
    let o = sh(&repo, "bomgate check --as-of 2027-03-31");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("(1 waived, 13 baselined, 0 failing)"), "{out}");

    // The day after it expires: the CAM1 finding counts again and fails the check.
    let o = sh(&repo, "bomgate check --as-of 2027-04-15 --format json");
    assert_eq!(o.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            &r["summary"]["waived"],
            &r["summary"]["baselined"],
            &r["summary"]["failing"]
        ),
        (&0.into(), &13.into(), &1.into())
    );
    let failing: Vec<_> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("baselined").is_none())
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["component"]["ref"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(failing, [("us-ndaa-889-part-b-video", "CAM1")]);
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap()
            .contains("expired on 2027-03-31 (15 days ago): its findings count again"),
        "{}",
        r["warnings"]
    );
}

/// A YAML scalar: plain, or single-quoted (`''` is a quote).
fn yaml_scalar(v: &str) -> String {
    match v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(q) => q.replace("''", "'"),
        None => v.to_string(),
    }
}

/// `key: value` of the first line (of `lines`) that sets `key`, comments left out.
fn yaml_key(lines: &[&str], key: &str) -> Option<String> {
    lines
        .iter()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|l| {
            let rest = l.trim_start().trim_start_matches("- ");
            let v = rest.strip_prefix(key)?.strip_prefix(':')?;
            Some(yaml_scalar(v.trim()))
        })
}

/// Every file of `dir` as pre-commit names it: relative, with `/`.
fn repo_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap();
                let parts: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The files pre-commit would pass to a hook: `files` searched in the path, `exclude` not.
fn selected(files: &[String], include: &str, exclude: Option<&str>) -> Vec<String> {
    let include = regex::Regex::new(include).expect("files is a regex");
    let exclude = exclude.map(|e| regex::Regex::new(e).expect("exclude is a regex"));
    files
        .iter()
        .filter(|f| include.is_match(f) && !exclude.as_ref().is_some_and(|e| e.is_match(f)))
        .cloned()
        .collect()
}

#[test]
fn the_pre_commit_hook_runs_as_copied() {
    let repo = sample_repo("pre-commit");
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<&str> = hooks.lines().collect();
    let entry = yaml_key(&hooks, "entry").unwrap();
    let exclude = yaml_key(&hooks, "exclude");
    let pass_filenames = yaml_key(&hooks, "pass_filenames").is_none_or(|v| v == "true");
    assert_eq!(
        yaml_key(&hooks, "language").as_deref(),
        Some("rust"),
        "built from the repository"
    );
    let config = std::fs::read_to_string(repo.join(".pre-commit-config.yaml")).unwrap();
    let config: Vec<&str> = config.lines().collect();
    let files = yaml_key(&config, "files")
        .or_else(|| yaml_key(&hooks, "files"))
        .unwrap();

    // The example's pattern: the BOMs bomgate.toml names, the configuration, the waivers.
    let all = repo_files(&repo);
    let picked = selected(&all, &files, exclude.as_deref());
    assert_eq!(
        picked,
        [
            "bomgate.toml",
            "compliance/waivers.toml",
            "hardware/altium-camera.csv",
            "hardware/edge-router.toml",
            "hardware/kicad-gateway.csv",
        ]
    );
    // The hook's own pattern: what bomgate reads, but no package manifest.
    let generic = selected(
        &all,
        &yaml_key(&hooks, "files").unwrap(),
        exclude.as_deref(),
    );
    for f in &picked {
        assert!(
            generic.contains(f),
            "{f} not selected by the hook: {generic:?}"
        );
    }
    for f in [
        "Cargo.toml",
        "firmware/Cargo.toml",
        "package.json",
        "README.md",
    ] {
        assert!(!generic.iter().any(|g| g == f), "{f} selected: {generic:?}");
    }

    // The entry, run as pre-commit runs it.
    let hook = |picked: &[String]| {
        let mut cmd = entry.clone();
        if pass_filenames {
            cmd = format!("{cmd} {}", picked.join(" "));
        }
        run_steps(&repo, &[cmd])
    };
    first_run_writes_the_baseline(&repo, std::slice::from_ref(&entry), "pre-commit");
    let (code, out, err) = hook(&picked);
    assert_eq!(code, 0, "{out}{err}");
    add_banned_part(&repo);
    let (code, out, err) = hook(&picked);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("hardware/altium-camera.csv:9"), "{out}");
}

#[test]
fn a_missing_baseline_is_a_structured_error() {
    let dir = temp_dir("missing-baseline");
    let path = dir.join("compliance/bomgate-baseline.json");
    match bomgate::Baseline::load(&path) {
        Err(bomgate::Error::MissingBaseline { path: p }) => assert_eq!(p, path),
        other => panic!("{other:?}"),
    }
    // A file that exists but is no baseline is another error.
    std::fs::write(dir.join("b.json"), "[]").unwrap();
    assert!(matches!(
        bomgate::Baseline::load(&dir.join("b.json")),
        Err(bomgate::Error::Config(_))
    ));
    // `--baseline FILE` on the command line names the flag that writes it, as typed.
    std::fs::write(dir.join("bom.csv"), "Ref,Manufacturer\nU1,Acme\n").unwrap();
    let o = crate::util::bomgate(&dir, &["check", "--baseline", "base.json", "bom.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`bomgate check --write-baseline base.json`"),
        "{err}"
    );
}
