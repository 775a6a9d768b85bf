//! The architecture, as ARCHITECTURE.md states it, checked on the source: which top-level
//! module of the library may use which, no import cycle, and a core that knows nothing of the
//! gate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::root;

/// The top-level modules of the library and the modules each uses (`crate::x` paths,
/// `use crate::{x, …}` groups, and `super::` paths of a module root's children), read from the
/// source text. Comments are skipped.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = Vec::new();
    collect(&src, &mut files);
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "main" || module == "cli" || module == "lib" {
            continue; // the binary, and the crate root's re-exports
        }
        let text = std::fs::read_to_string(&file).expect("readable");
        let deps = graph.entry(module.clone()).or_default();
        for line in text.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for dep in used_modules(line) {
                if dep != module {
                    deps.insert(dep);
                }
            }
        }
    }
    graph
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules a line of code names through `crate::`.
fn used_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                out.push(ident(part.trim()));
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// A cycle in the graph, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = module_graph();
    assert!(graph.contains_key("check") && graph.contains_key("gate"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}\ngraph: {graph:#?}", cycle.join(" → "));
    }
}

#[test]
fn the_core_does_not_use_the_gate() {
    let graph = module_graph();
    for core in ["rules", "ident", "normalize", "bom", "check", "report"] {
        let deps = graph.get(core).expect("a core module");
        assert!(
            !deps.contains("gate"),
            "{core} uses the gate: {deps:?} (the gate decides on reports; the core must not know it)"
        );
    }
    // Nor does the core check name waivers, baselines or fail levels in code, but to say that
    // a new finding is neither waived nor baselined (the gate marks it later).
    let mut files = Vec::new();
    collect(&root().join("src/check"), &mut files);
    files.push(root().join("src/check.rs"));
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim();
            if code.starts_with("//") || code == "waiver: None," || code == "baselined: false," {
                continue;
            }
            let lower = code.to_lowercase();
            assert!(
                ![
                    "waiver",
                    "baseline",
                    "fail_on",
                    "faillevel",
                    "policy",
                    "gate::"
                ]
                .iter()
                .any(|w| lower.contains(w)),
                "{}:{}: the core check names the gate's concepts: {code}",
                f.display(),
                n + 1
            );
        }
    }
}

#[test]
fn the_graph_reader_sees_uses() {
    assert_eq!(
        used_modules("use crate::report::{Finding, Report};"),
        ["report"]
    );
    assert_eq!(
        used_modules("use crate::{bom, rules::Entity};"),
        ["bom", "rules"]
    );
    assert_eq!(
        used_modules("let x = crate::ident::hex(&crate::hash::x());"),
        ["ident", "hash"]
    );
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(find_cycle(&g).is_some(), "a cycle is found");
}

#[test]
fn architecture_md_names_every_top_level_module() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    for module in module_graph().keys() {
        assert!(
            doc.contains(&format!("`{module}`")),
            "ARCHITECTURE.md does not name `{module}`"
        );
    }
    assert!(doc.contains("`cli`"), "ARCHITECTURE.md names the command");
}
