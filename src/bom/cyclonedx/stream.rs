//! CycloneDX JSON one component at a time, through a [`Window`]: the document's members are
//! read in order, and the elements of `components`, `services` and any other array member one
//! by one, each parsed with serde_json and emitted before the next is read.

use super::{Comp, Emitter, Header, Meta, Pointer, Service, component_path_in, service_path};
use crate::bom::jsonpos::Seg;
use crate::bom::jsonstream::{Parse, Skip, Stop, Str, Window, lines_within};

struct CompP;
impl Parse for CompP {
    type Of<'b> = Comp<'b>;

    fn fast<'b>(text: &'b str, f: &mut dyn FnMut(&mut Comp<'b>, usize)) -> bool {
        super::fast::component(text, f)
    }
}

struct MetaP;
impl Parse for MetaP {
    type Of<'b> = Meta<'b>;
}

struct ServiceP;
impl Parse for ServiceP {
    type Of<'b> = Service<'b>;
}

/// Reads the document in `w`, emitting its components; the header members it found.
pub(super) fn read(w: &mut Window<'_>, em: &mut Emitter<'_>) -> Result<Header, Stop> {
    let mut h = Header::default();
    w.expect(b'{')?;
    if w.peek()? == Some(b'}') {
        w.expect(b'}')?;
    } else {
        loop {
            if w.peek()? != Some(b'"') {
                return Err(Stop::Fallback);
            }
            let key = w.value::<Str, _>(1, |k, _| std::mem::take(k))?;
            w.expect(b':')?;
            member(w, em, &mut h, &key)?;
            match w.peek()? {
                Some(b',') => w.expect(b',')?,
                Some(b'}') => {
                    w.expect(b'}')?;
                    break;
                }
                _ => return Err(Stop::Fallback),
            }
        }
    }
    // Nothing but white space may follow.
    match w.peek()? {
        None => Ok(h),
        Some(_) => Err(Stop::Fallback),
    }
}

/// One member of the root object: its value, at the window's position.
fn member(w: &mut Window<'_>, em: &mut Emitter<'_>, h: &mut Header, key: &str) -> Result<(), Stop> {
    match key {
        "bomFormat" => h.bom_format = Some(w.value::<Str, _>(1, |v, _| std::mem::take(v))?),
        "specVersion" => h.spec_version = Some(w.value::<Str, _>(1, |v, _| std::mem::take(v))?),
        "metadata" => metadata(w, em)?,
        "components" => w.array(|w, k| component(w, em, k))?,
        "services" => w.array(|w, k| service(w, em, k))?,
        _ if w.peek()? == Some(b'[') => w.array(|w, _| w.value::<Skip, _>(2, |_, _| ()))?,
        _ => w.value::<Skip, _>(1, |_, _| ())?,
    }
    Ok(())
}

/// The number of components in `c` and under it.
fn tree_size(c: &Comp<'_>) -> usize {
    1 + c.components.iter().map(tree_size).sum::<usize>()
}

/// A top-level component (`/components/k`) and the components nested in it.
fn component(w: &mut Window<'_>, em: &mut Emitter<'_>, k: usize) -> Result<(), Stop> {
    w.peek()?;
    let line = w.line_here();
    w.value::<CompP, _>(2, |c, text| {
        let mut lines = std::mem::take(&mut em.lines);
        if c.components.is_empty() {
            lines.clear();
        } else {
            lines_within(
                text,
                line,
                &["components"],
                &component_path_in,
                tree_size(c),
                &mut lines,
            );
        }
        em.lines = lines;
        // The component itself is the first object; its children follow.
        em.next_line = 1;
        em.emit(c, Pointer::Item("/components", k), Some(line), None);
    })
}

/// A top-level service (`/services/k`) and the services nested in it.
fn service(w: &mut Window<'_>, em: &mut Emitter<'_>, k: usize) -> Result<(), Stop> {
    w.peek()?;
    let line = w.line_here();
    w.value::<ServiceP, _>(2, |s, text| {
        fn size(s: &Service<'_>) -> usize {
            1 + s.services.iter().map(size).sum::<usize>()
        }
        let mut lines = std::mem::take(&mut em.service_lines);
        let all = |p: &[Seg]| p.is_empty() || service_path(p);
        lines_within(text, line, &["services"], &all, size(s), &mut lines);
        em.service_lines = lines;
        em.next_service_line = 0;
        em.emit_service(s, Pointer::Item("/services", k), None);
    })
}

/// `metadata`: the product and its components.
fn metadata(w: &mut Window<'_>, em: &mut Emitter<'_>) -> Result<(), Stop> {
    w.peek()?;
    let line = w.line_here();
    w.value::<MetaP, _>(1, |meta, text| {
        let Some(c) = meta.component.take() else {
            return;
        };
        // The product is `component`; its children are `component/components/k…`.
        let product = |p: &[Seg]| match p {
            [Seg::Key(Some(1)), rest @ ..] => component_path_in(rest),
            _ => false,
        };
        let mut lines = std::mem::take(&mut em.lines);
        lines_within(
            text,
            line,
            &["components", "component"],
            &product,
            tree_size(&c),
            &mut lines,
        );
        em.lines = lines;
        em.next_line = 0;
        em.emit_product(c, meta.manufacture.take(), meta.supplier.take());
    })
}
