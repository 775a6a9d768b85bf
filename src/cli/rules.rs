//! `bomgate rules list`, `check`, `diff` and `import`, and loading the rule set every
//! subcommand uses.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use bomgate::rules::import::{ImportOptions, ImportedPack, Input};
use bomgate::rules::{Rule, ScopeKind};
use bomgate::{Date, Error, RuleSet};

use super::output::count;
use super::{ImportArgs, RuleSource};

/// The shipped rules (unless left out) and every `--rules` path; a set with no rule is an
/// error, since it would pass every BOM.
pub fn load_rules(src: &RuleSource) -> Result<RuleSet, Error> {
    let mut b = RuleSet::builder();
    if !src.no_default_rules {
        b = b.shipped();
    }
    for p in &src.rules {
        b = b.path(p)?;
    }
    let set = b.build()?;
    if set.rules().is_empty() {
        return Err(Error::Context(
            "the rule set has no rules: drop --no-default-rules or add --rules PATH".into(),
        ));
    }
    Ok(set)
}

/// `bomgate rules check`: loads and validates, and says what it found.
pub fn check(src: &RuleSource) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    say!(
        "ok: {}, {}, {}",
        count(set.rules().len(), "rule", "rules"),
        count(set.entities().len(), "entity", "entities"),
        count(set.roles().len(), "role", "roles")
    );
    Ok(ExitCode::SUCCESS)
}

/// `bomgate rules diff OLD NEW`: each side is `shipped` or a rule folder or file.
pub fn diff(old: &str, new: &str, format: super::DiffFormat) -> Result<ExitCode, Error> {
    // A folder is compared as it stands; a pack that refers to shipped roles or entities (an
    // imported list binds `us-person`) is loaded beside the shipped rules, as `check --rules`
    // loads it.
    let load = |side: &str| -> Result<RuleSet, Error> {
        if side == "shipped" {
            return RuleSet::shipped();
        }
        match RuleSet::builder().path(side)?.build() {
            Ok(set) => Ok(set),
            Err(alone) => RuleSet::builder()
                .shipped()
                .path(side)?
                .build()
                .map_err(|_| alone),
        }
    };
    let d = bomgate::rules::diff::diff(&load(old)?, &load(new)?);
    let out = match format {
        super::DiffFormat::Text => bomgate::rules::diff::render_text(&d),
        super::DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&d).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    print(&out)
}

/// `bomgate rules list`: rules with their obligations, roles, scopes and entities.
pub fn list(src: &RuleSource, format: super::DiffFormat) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    if matches!(format, super::DiffFormat::Json) {
        let v = serde_json::json!({
            "packs": set.packs(),
            "rules": set.rules(),
            "instruments": set.instruments(),
            "roles": set.roles(),
            "scopes": set.scopes(),
            "entities": set.entities(),
        });
        return print(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
    }
    let mut out = String::new();
    let _ = writeln!(out, "RULES");
    for r in set.rules() {
        list_rule(&mut out, &set, r);
    }
    let _ = writeln!(out, "\nROLES");
    let w = set.roles().iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in set.roles() {
        let _ = writeln!(out, "  {:<w$} {}  {}", r.id, r.jurisdiction, r.name);
    }
    let _ = writeln!(out, "\nSCOPES");
    let w = set.scopes().iter().map(|s| s.id.len()).max().unwrap_or(0);
    for s in set.scopes() {
        let kind = match s.kind {
            ScopeKind::Segment => "segment",
            ScopeKind::Purpose => "purpose",
        };
        let _ = writeln!(
            out,
            "  {:<w$} {kind:<8} {}",
            s.id,
            s.description.lines().next().unwrap_or("")
        );
    }
    let _ = writeln!(out, "\nENTITIES");
    let w = set.entities().iter().map(|e| e.id.len()).max().unwrap_or(0);
    for e in set.entities() {
        let families = e.mpn_prefixes.len()
            + e.members
                .iter()
                .map(|m| m.mpn_prefixes.len())
                .sum::<usize>();
        let _ = writeln!(
            out,
            "  {:<w$} {} ({}, {}, {})",
            e.id,
            e.name,
            count(e.aliases.len(), "alias", "aliases"),
            count(e.members.len(), "group member", "group members"),
            count(families, "part-number family", "part-number families"),
        );
    }
    print(&out)
}

/// `bomgate rules show ID`: one entity or rule in full.
pub fn show(id: &str, src: &RuleSource, format: super::DiffFormat) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    // Ids are lower case; `HUAWEI` or `Quectel` mean the same id.
    let lower = id.to_lowercase();
    let id = lower.as_str();
    let json = matches!(format, super::DiffFormat::Json);
    if let Some(e) = set.entity(id) {
        let naming: Vec<&str> = set
            .rules()
            .iter()
            .filter(|r| {
                set.entity_index(id)
                    .is_some_and(|i| r.entities.contains(&i))
            })
            .map(|r| r.id.as_str())
            .collect();
        let out = if json {
            let v = serde_json::json!({"entity": e, "rules": naming});
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        } else {
            entity_text(e, &naming)
        };
        return print(&out);
    }
    if let Some(r) = set.rule(id) {
        let out = if json {
            serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
        } else {
            let mut out = String::new();
            list_rule(&mut out, &set, r);
            for l in &r.listings {
                let who = set.entities().get(l.entity).map_or("?", |e| e.id.as_str());
                let until = l.until.map_or(String::new(), |u| format!(" until {u}"));
                let _ = writeln!(out, "      listing: {who} from {}{until}", l.from);
            }
            out
        };
        return print(&out);
    }
    let ids = set
        .entities()
        .iter()
        .map(|e| e.id.as_str())
        .chain(set.rules().iter().map(|r| r.id.as_str()));
    let hint = bomgate::error::suggest(id, ids)
        .map_or(String::new(), |s| format!(" — did you mean `{s}`?"));
    Err(Error::Context(format!(
        "no entity or rule `{id}` in the rule set{hint}"
    )))
}

/// An entity in full, for people.
fn entity_text(e: &bomgate::rules::Entity, naming: &[&str]) -> String {
    let mut out = format!(
        "{} — {}
",
        e.id, e.name
    );
    let list = |out: &mut String, what: &str, v: &[String]| {
        if !v.is_empty() {
            let _ = writeln!(out, "  {what}: {}", v.join(", "));
        }
    };
    list(&mut out, "aliases", &e.aliases);
    list(&mut out, "part-number families", &e.mpn_prefixes);
    list(&mut out, "CPE vendors", &e.cpe_vendors);
    list(&mut out, "purl namespaces", &e.purl_namespaces);
    list(&mut out, "FCC grantee codes", &e.fcc_grantees);
    for (i, m) in e.members.iter().enumerate() {
        let from = m.from.map_or(String::new(), |d| format!(", from {d}"));
        let until = m.until.map_or(String::new(), |d| format!(", until {d}"));
        let _ = writeln!(out, "  member: {}{from}{until}", e.group_path(Some(i)));
        list(&mut out, "    aliases", &m.aliases);
        list(&mut out, "    part-number families", &m.mpn_prefixes);
    }
    let _ = writeln!(
        out,
        "  named by: {}",
        if naming.is_empty() {
            "no rule".to_string()
        } else {
            naming.join(", ")
        }
    );
    out
}

fn print(out: &str) -> Result<ExitCode, Error> {
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

/// One rule and its obligations.
fn list_rule(out: &mut String, set: &RuleSet, r: &Rule) {
    let j = set.jurisdiction_of(r);
    // Columns as wide as the widest id and roles of the set, so that they line up.
    let id_w = set.rules().iter().map(|x| x.id.len()).max().unwrap_or(0);
    let binds_w = set
        .rules()
        .iter()
        .map(|x| x.binds.join(",").len())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "  {:<id_w$} {}  {:<6} binds {:<binds_w$}  {}",
        r.id,
        j,
        r.severity.as_str(),
        r.binds.join(","),
        r.title
    );
    for o in &r.obligations {
        let mut line = format!("      {} from {}", o.action.as_str(), o.from);
        if let Some(d) = o.deadline {
            let _ = write!(line, ", deadline {d}");
        }
        if !o.segments.is_empty() {
            let _ = write!(line, ", segments {}", o.segments.join("/"));
        }
        if !o.purposes.is_empty() {
            let _ = write!(line, ", purposes {}", o.purposes.join("/"));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// `bomgate rules import`: reads the list, writes the pack into `--output` in one step, and
/// says on standard error what it read, kept and left out.
pub fn import(args: &ImportArgs) -> Result<ExitCode, Error> {
    let list_date: Date = args
        .list_date
        .parse()
        .map_err(|e| Error::Context(format!("--list-date: {e}")))?;
    let read = |p: &Path| {
        std::fs::read(p).map_err(|source| Error::Io {
            path: p.to_path_buf(),
            source,
        })
    };
    let bytes = read(&args.file)?;
    let name = args.file.display().to_string();
    let alt = match &args.alt {
        Some(p) => Some((p.display().to_string(), read(p)?)),
        None => None,
    };
    let pack = bomgate::rules::import::import(
        args.format.into(),
        Input {
            name: &name,
            bytes: &bytes,
        },
        alt.as_ref().map(|(name, bytes)| Input { name, bytes }),
        &ImportOptions {
            list_date,
            all_types: args.all_types,
        },
    )?;
    write_pack(&args.output, &pack.files, args.force)?;
    {
        use std::io::Write as _;
        let _ = write!(
            std::io::stderr(),
            "{}",
            import_summary(&pack, &name, list_date, &args.output)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What an import read, kept and left out, for standard error.
fn import_summary(pack: &ImportedPack, file: &str, list_date: Date, dir: &Path) -> String {
    let s = &pack.summary;
    let mut out = format!(
        "imported {} ({}) from {} of {file}, list of {list_date}\n",
        count(s.entities, "entity", "entities"),
        count(s.names, "name", "names"),
        count(s.rows, "row", "rows")
    );
    for l in &s.lists {
        let _ = writeln!(
            out,
            "  {:<14} {:<6} {:>6} entities  {}",
            l.rule,
            l.severity.as_str(),
            l.entities,
            l.title
        );
    }
    let counts = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !s.skipped.is_empty() {
        let n: usize = s.skipped.values().sum();
        let _ = writeln!(
            out,
            "skipped {}: {}",
            count(n, "row", "rows"),
            counts(&s.skipped)
        );
    }
    if !s.dropped.is_empty() {
        let n: usize = s.dropped.values().sum();
        let _ = writeln!(
            out,
            "dropped {}: {}",
            count(n, "name", "names"),
            counts(&s.dropped)
        );
    }
    for note in &s.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(
        out,
        "wrote pack {} {} to {} ({} files): check with --rules {}",
        pack.id,
        pack.version,
        dir.display(),
        pack.files.len(),
        dir.display()
    );
    out
}

/// Writes the pack's files into `dir` in one step: into a temporary folder beside it, then
/// renamed into place, so that `dir` never holds half a pack or files of an older import. A
/// folder that is not empty is replaced only with `force`.
fn write_pack(dir: &Path, files: &[(String, String)], force: bool) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let exists = match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() && !force {
                return Err(Error::Context(format!(
                    "{} is not empty: choose another folder, or pass --force to replace it",
                    dir.display()
                )));
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io(dir)(e)),
    };
    let (parent, name) = match (dir.parent(), dir.file_name()) {
        (Some(p), Some(n)) => (
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            },
            n.to_string_lossy().into_owned(),
        ),
        _ => {
            return Err(Error::Context(format!(
                "--output {}: name a folder to create or replace",
                dir.display()
            )));
        }
    };
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let tmp = parent.join(format!(".{name}.import-{}.tmp", std::process::id()));
    let result = fill(&tmp, files).and_then(|()| swap_in(&tmp, dir, exists, parent, &name));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Writes `files` under the new folder `tmp`.
fn fill(tmp: &Path, files: &[(String, String)]) -> Result<(), Error> {
    let _ = std::fs::remove_dir_all(tmp);
    for (rel, text) in files {
        let rel = PathBuf::from(rel);
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::Context(format!(
                "refusing to write {} outside the pack folder",
                rel.display()
            )));
        }
        let path = tmp.join(&rel);
        let write = || -> std::io::Result<()> {
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p)?;
            }
            let mut f = std::fs::File::create(&path)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        };
        write().map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Puts the filled folder `tmp` in the place of `dir` (which `exists` or not).
fn swap_in(tmp: &Path, dir: &Path, exists: bool, parent: &Path, name: &str) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !exists {
        return std::fs::rename(tmp, dir).map_err(io);
    }
    let old = parent.join(format!(".{name}.import-{}.old", std::process::id()));
    std::fs::rename(dir, &old).map_err(io)?;
    if let Err(e) = std::fs::rename(tmp, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(io(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
