//! The published JSON Schemas (`schemas/`) hold: every golden JSON report and every shipped
//! rule file validates, and the validator rejects what it should.

use serde_json::Value;

use crate::util::root;

pub(crate) fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&v).unwrap()
}

pub(crate) fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The JSON of a TOML document, dates as `YYYY-MM-DD` strings.
pub(crate) fn toml_to_json(t: toml::Value) -> Value {
    match t {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[test]
fn every_golden_json_report_validates() {
    let v = schema("report.schema.json");
    let mut checked = 0;
    for e in std::fs::read_dir(root().join("tests/golden")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        // Golden files hold the exit code and the output; the report starts at its `{`.
        let Some(start) = text.find("--- stdout\n{") else {
            continue;
        };
        let doc: Value = serde_json::from_str(&text[start + "--- stdout\n".len()..]).unwrap();
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
        checked += 1;
    }
    assert!(checked >= 15, "{checked} reports");
    let mut bad: Value = serde_json::from_str(r#"{"schema_version": 1}"#).unwrap();
    assert!(
        !errors(&v, &bad).is_empty(),
        "an incomplete report is rejected"
    );
    bad["schema_version"] = Value::from(2);
    assert!(!errors(&v, &bad).is_empty());
}

#[test]
fn every_shipped_rule_file_validates() {
    let v = schema("rules.schema.json");
    let mut files = Vec::new();
    fn walk(d: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "pack.toml")
            {
                out.push(p);
            }
        }
    }
    walk(&root().join("rules"), &mut files);
    assert!(files.len() >= 10);
    for f in &files {
        let doc = toml_to_json(toml::from_str(&std::fs::read_to_string(f).unwrap()).unwrap());
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
    }
    let bad = serde_json::json!({"rule": [{"id": "x", "binds": [], "entities": [], "group": true, "severity": "maybe", "obligation": []}]});
    assert!(!errors(&v, &bad).is_empty(), "a bad severity is rejected");
    let unknown = serde_json::json!({"entity": [{"id": "x", "name": "X", "alias": ["Y"]}]});
    assert!(
        !errors(&v, &unknown).is_empty(),
        "an unknown key is rejected"
    );
}
