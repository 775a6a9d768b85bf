//! Rule packs: a rule folder's `pack.toml` names and versions it, and says which bomgate can
//! load it. A folder without one is an unversioned pack named after the folder.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Diagnostic, Error, suggest_key};

/// The file that makes a folder a pack; it is not read as a rule file.
pub const PACK_FILE: &str = "pack.toml";

/// A rule pack as loaded: its name and, when it declares one, its version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pack {
    /// The pack's name (`shipped`, or the folder's name when it has no `pack.toml`).
    pub id: String,
    /// Its version (semver), when it declares one.
    pub version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackFile {
    pack: RawPack,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPack {
    id: Spanned<String>,
    version: Spanned<String>,
    requires_bomgate: Option<Spanned<String>>,
}

const KEYS: &[&str] = &["pack", "id", "version", "requires-bomgate"];

impl Pack {
    /// The unversioned pack of a folder without `pack.toml`: named after the folder.
    pub fn unversioned(dir: &Path) -> Pack {
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        Pack { id, version: None }
    }

    /// Reads a `pack.toml` (`name` is used in messages) and checks that this bomgate
    /// satisfies its `requires-bomgate`.
    ///
    /// # Errors
    ///
    /// [`Error::Rules`] if the manifest is not valid TOML, has an unknown key or lacks its id
    /// or version.
    pub fn parse(name: &str, text: &str) -> Result<Pack, Error> {
        let raw: RawPackFile = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::new(name, e.message().trim().to_string());
            if let Some(span) = e.span() {
                d = d.at_offset(text, span.start);
            }
            let key = e
                .message()
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
                .and_then(|k| suggest_key(k, KEYS.iter().copied()));
            Error::Rules(vec![match key {
                Some(s) => d.did_you_mean(s),
                None => d.help("a pack.toml has [pack] with id, version and requires-bomgate"),
            }])
        })?;
        let p = raw.pack;
        let at = |s: &Spanned<String>, msg: String| {
            Diagnostic::new(name, msg).at_offset(text, s.span().start)
        };
        let version = semver::Version::parse(p.version.get_ref()).map_err(|e| {
            Error::Rules(vec![
                at(
                    &p.version,
                    format!(
                        "`version = \"{}\"` is not a semantic version: {e}",
                        p.version.get_ref()
                    ),
                )
                .help("write MAJOR.MINOR.PATCH, e.g. 2026.11.30"),
            ])
        })?;
        if let Some(req) = &p.requires_bomgate {
            check_requirement(name, text, req)?;
        }
        Ok(Pack {
            id: p.id.into_inner(),
            version: Some(version.to_string()),
        })
    }
}

/// Fails unless the running bomgate satisfies the pack's requirement.
fn check_requirement(name: &str, text: &str, req: &Spanned<String>) -> Result<(), Error> {
    let at = Diagnostic::new(name, "").at_offset(text, req.span().start);
    let parsed = semver::VersionReq::parse(req.get_ref()).map_err(|e| {
        let mut d = at.clone();
        d.message = format!(
            "`requires-bomgate = \"{}\"` is not a version requirement: {e}",
            req.get_ref()
        );
        Error::Rules(vec![d.help("write a semver requirement, e.g. \">=0.2\"")])
    })?;
    let running =
        semver::Version::parse(env!("CARGO_PKG_VERSION")).unwrap_or(semver::Version::new(0, 0, 0));
    if parsed.matches(&running) {
        return Ok(());
    }
    let mut d = at;
    d.message = format!(
        "this rule pack requires bomgate {}, but this is bomgate {running}",
        req.get_ref()
    );
    Err(Error::Rules(vec![d.help(
        "use a bomgate that meets the requirement, or a version of the pack made for this one",
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_are_versioned_and_checked() {
        let ok = Pack::parse(
            "pack.toml",
            "[pack]\nid = \"x\"\nversion = \"2025.6.25\"\nrequires-bomgate = \">=0.1\"\n",
        )
        .unwrap();
        assert_eq!(
            ok,
            Pack {
                id: "x".into(),
                version: Some("2025.6.25".into())
            }
        );
        let e = Pack::parse(
            "pack.toml",
            "[pack]\nid = \"x\"\nversion = \"1.0.0\"\nrequires-bomgate = \">=99\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("requires bomgate >=99, but this is bomgate"),
            "{e}"
        );
        assert!(e.contains("pack.toml:4:"), "{e}");
        let e = Pack::parse("pack.toml", "[pack]\nid = \"x\"\nversion = \"1.0\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a semantic version"), "{e}");
        let e = Pack::parse(
            "pack.toml",
            "[pack]\nid = \"x\"\nversion = \"1.0.0\"\nrequire-bomgate = \"1\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("did you mean `requires-bomgate`"), "{e}");
    }
}
