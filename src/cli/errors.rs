//! How the command words an error: the library's message, with the command-line flags that
//! fix it where the library leaves the fix to its caller (a column mapping is `--column`).

use bomgate::Error;

/// The message of an error as the command prints it (after `error: `).
pub fn message(e: &Error) -> String {
    match e {
        Error::NoVendorColumn(e) => format!(
            "{}; {}",
            e.diagnostic,
            column_hint(&e.header, &e.candidates)
        ),
        Error::Io { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
            let cwd = std::env::current_dir()
                .map(|d| format!(" (relative paths start at {})", d.display()))
                .unwrap_or_default();
            if path.symlink_metadata().is_ok() {
                // The name exists: it is a link to nothing.
                return format!(
                    "{}: a link to a file that does not exist — fix or remove the link",
                    path.display()
                );
            }
            format!(
                "{}: no such file or folder{cwd} — check the path",
                path.display()
            )
        }
        e => e.to_string(),
    }
}

/// `--column` flags for the cells that may hold the maker and part number, or the syntax with
/// the file's first cell when none looks like one.
fn column_hint(header: &[String], candidates: &[(String, String)]) -> String {
    if candidates.is_empty() {
        let example = header
            .first()
            .map(|h| format!(" (NAME as the file writes it, e.g. {})", quote(h)))
            .unwrap_or_default();
        return format!(
            "name the column that holds the manufacturer or the part number with `--column manufacturer=NAME` or `--column mpn=NAME`{example}"
        );
    }
    let flags: Vec<String> = candidates
        .iter()
        .map(|(role, cell)| format!("--column {role}={}", quote(cell)))
        .collect();
    let roles: Vec<&str> = candidates
        .iter()
        .map(|(role, _)| match role.as_str() {
            "mpn" => "part number",
            other => other,
        })
        .collect();
    let those = if candidates.len() == 1 {
        "that column holds"
    } else {
        "those columns hold"
    };
    format!(
        "if {those} the {}: `{}`",
        roles.join(" and the "),
        flags.join(" ")
    )
}

/// A header name as a shell argument: in double quotes, or in single quotes when it holds a
/// character the shell would read inside double quotes.
fn quote(s: &str) -> String {
    if s.contains(['"', '\\', '$', '`', '!']) {
        format!("'{}'", s.replace('\'', r"'\''"))
    } else {
        format!("\"{s}\"")
    }
}

/// A reader that stopped early (`| head`): not an error of ours.
pub fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn hints_name_the_files_own_columns() {
        let header: Vec<String> = ["Ref", "Qty", "Maker Name", "Part Code"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            column_hint(
                &header,
                &pairs(&[("manufacturer", "Maker Name"), ("mpn", "Part Code")])
            ),
            "if those columns hold the manufacturer and the part number: `--column manufacturer=\"Maker Name\" --column mpn=\"Part Code\"`"
        );
        assert_eq!(
            column_hint(&header, &pairs(&[("mpn", "Part Code")])),
            "if that column holds the part number: `--column mpn=\"Part Code\"`"
        );
        assert!(column_hint(&header, &[]).contains("e.g. \"Ref\""));
        assert_eq!(quote("Mfr \"1\""), "'Mfr \"1\"'");
        assert_eq!(quote("it's $x"), "'it'\\''s $x'");
    }
}
