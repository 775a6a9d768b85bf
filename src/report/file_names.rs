//! How reports name BOM files: relative to the project or repository root when they lie
//! inside it, with `/` separators, so that reports, fingerprints and baselines do not depend
//! on the working directory or the machine.

use std::path::Path;

/// The name of `path` in reports: relative to `root` when one is given and contains it, else
/// as given.
pub fn file_name(root: Option<&Path>, path: &Path) -> String {
    let given = path.display().to_string();
    let Some(root) = root else {
        return given;
    };
    let abs = match std::env::current_dir() {
        Ok(cwd) if !path.is_absolute() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let abs = abs.canonicalize().unwrap_or(abs);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match abs.strip_prefix(&root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => given,
    }
}
