//! The match index over the entities' names; names that normalise to nothing, or to the name
//! of another entity of the same pack, are errors.

use toml::Spanned;

use super::{Seen, Validator};
use crate::error::Diagnostic;
use crate::rules::index::{Conflict, Index};
use crate::rules::model::RawEntity;
use crate::rules::shipped::is_shipped;

impl Validator<'_> {
    /// Builds the match index over the (sorted) entities and reports its name conflicts.
    pub(super) fn build_index(&mut self) {
        let (index, conflicts) = Index::build(&self.set.entities);
        self.set.index = index;
        for c in conflicts {
            if let Some(d) = self.name_conflict(&c) {
                self.diags.push(d);
            }
        }
    }

    /// The diagnostic for one conflict, placed at the name in its entity's table; `None` if
    /// the entity's table cannot be found.
    fn name_conflict(&self, c: &Conflict) -> Option<Diagnostic> {
        let (entity, name, other) = match c {
            Conflict::Empty { entity, name } => (*entity, name, None),
            // Placed at the user's file when the other entity is a shipped one.
            Conflict::SharedName { first, second }
                if self.is_shipped_entity(second.0) && !self.is_shipped_entity(first.0) =>
            {
                (first.0, &first.1, Some(second))
            }
            Conflict::SharedName { first, second } => (second.0, &second.1, Some(first)),
        };
        let e = self.set.entities.get(entity as usize)?;
        let (fi, raw) = self.entity_src.get(e.id.as_str())?;
        let (file, text, _) = self.files.get(*fi)?;
        let at = name_offset(text, raw, name);
        let d = match other {
            None => Diagnostic::new(*file, format!("name `{name}` is empty after normalisation"))
                .at_offset(text, at)
                .help("a name needs letters or digits besides legal forms such as `Inc`"),
            Some((o, oname)) => {
                let oid = self
                    .set
                    .entities
                    .get(*o as usize)
                    .map_or("", |x| x.id.as_str());
                let place = self.name_place(oid, oname);
                Diagnostic::new(
                    *file,
                    format!(
                        "name `{name}` of entity `{}` is also a name of entity `{oid}` ({place})",
                        e.id
                    ),
                )
                .at_offset(text, at)
                .help("a name must identify one entity of a pack; remove it from one of them")
            }
        };
        Some(d)
    }

    /// Whether entity number `e` comes from a shipped rule file.
    fn is_shipped_entity(&self, e: u32) -> bool {
        self.set
            .entities
            .get(e as usize)
            .and_then(|x| self.entity_src.get(x.id.as_str()))
            .and_then(|(fi, _)| self.files.get(*fi))
            .is_some_and(|(file, text, _)| is_shipped(file, text))
    }

    /// "file:line" of `name` in the table of entity `id` ("shipped rules, entity `id`" for a
    /// shipped one), or nothing if it cannot be found.
    fn name_place(&self, id: &str, name: &str) -> String {
        self.entity_src
            .get(id)
            .and_then(|(fi, raw)| {
                let (file, text, _) = self.files.get(*fi)?;
                if is_shipped(file, text) {
                    return Some(format!("shipped rules, entity `{id}`"));
                }
                let seen = Seen {
                    file,
                    text,
                    offset: name_offset(text, raw, name),
                };
                Some(seen.to_string())
            })
            .unwrap_or_default()
    }
}

/// The byte offset of a name inside an entity's table: the `name` key's span, else the first
/// occurrence of the name as a TOML string in the table, else the table itself.
fn name_offset(text: &str, raw: &Spanned<RawEntity<'_>>, name: &str) -> usize {
    let r = raw.get_ref();
    if &**r.name.get_ref() == name {
        return r.name.span().start;
    }
    if let Some(m) = r.member.iter().find(|m| m.get_ref().name.get_ref() == name) {
        return m.get_ref().name.span().start;
    }
    // The table's span covers its header only: search on to the next table header.
    let start = raw.span().start;
    let rest = text.get(start..).unwrap_or("");
    let body_end = rest
        .get(1..)
        .and_then(|r| r.find("\n["))
        .map_or(rest.len(), |i| i + 1);
    let quoted = format!("\"{name}\"");
    rest.get(..body_end)
        .and_then(|t| t.find(&quoted))
        .map_or(start, |i| start + i)
}
