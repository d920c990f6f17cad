//! YAML files → documents of nodes with byte spans, for the Kubernetes manifests of the scanned
//! tree. Built on saphyr-parser's event stream (YAML 1.2, every event with its position), so
//! the nodes are ours and every bound is: documents per file, nesting depth, and no alias is
//! ever expanded (a "billion laughs" file costs its own size).
//!
//! Only files that may hold a ServiceAccount are parsed or registered; the others (CI
//! workflows, Helm templates and values, any YAML that is not a manifest) are passed over
//! quietly, since a YAML file in the tree is no promise that it is meant for Kubernetes.

use crate::base::diagnostic::Problem;
use crate::base::source::{FileId, Sources, Span};
use crate::value::{Origin, Part, Shape, SymStr, Value, sub_part};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::path::Path;

/// YAML files larger than this are skipped (a ServiceAccount manifest is a few hundred bytes).
pub const MAX_YAML_BYTES: u64 = 1024 * 1024;
/// Documents read from one file; the rest of a longer stream is not read.
const MAX_DOCUMENTS: usize = 1000;
/// Collections nested deeper than this are kept as [`Node::Opaque`] (a manifest's metadata
/// sits at depth 2, a `List`'s items at depth 3).
const MAX_DEPTH: usize = 32;

/// One YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A scalar's value (quotes and escapes resolved). `exact` when the text under `span` is
    /// the value itself, so the span can stand for its bytes; `plain` when it is written
    /// without quotes, block indicator or tag (so `null`, `~` and nothing at all are null).
    Scalar {
        value: String,
        span: Span,
        exact: bool,
        plain: bool,
    },
    Seq {
        items: Vec<Node>,
        span: Span,
    },
    /// Entries in source order.
    Map {
        entries: Vec<(Node, Node)>,
        span: Span,
    },
    /// An alias, or a collection nested too deep: not followed.
    Opaque(Span),
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Node::Scalar { span, .. }
            | Node::Seq { span, .. }
            | Node::Map { span, .. }
            | Node::Opaque(span) => *span,
        }
    }

    /// The value of `key` in a mapping (the last entry, when a key is repeated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map { entries, .. } => entries
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// A YAML file as far as it parses.
#[derive(Debug, Default)]
pub struct YamlFile {
    /// The documents read whole, in order (empty documents left out).
    pub documents: Vec<Node>,
    /// Where and why parsing stopped, when the file is not valid YAML.
    pub error: Option<(Span, String)>,
}

/// A manifest read from the tree: its registered file, its documents, and the problem to
/// report when it is broken.
#[derive(Debug)]
pub struct Manifest {
    pub file: FileId,
    pub documents: Vec<Node>,
    pub problem: Option<Problem>,
}

/// Reads `path` if it may hold a ServiceAccount manifest: bounded and confined by `sources`,
/// not a Go template (Helm chart templates do not parse as YAML before rendering). `None` for
/// every other file, and for one that cannot be read: it is not known to be a manifest.
pub fn read_manifest(sources: &Sources, path: &Path) -> Option<Manifest> {
    let text = sources.read(path, MAX_YAML_BYTES).ok()?;
    if !names_service_account(&text) || text.contains("{{") {
        return None;
    }
    let file = sources.add(path.to_path_buf(), text);
    let parsed = parse(file, &sources.get(file).text);
    let problem = parsed.error.map(|(span, message)| {
        Problem::error(
            span,
            format!("invalid YAML in a Kubernetes manifest: {message}"),
        )
        .with_label("the YAML parser stopped here")
        .with_help(
            "kubectl cannot apply this file; its ServiceAccounts from this document on were not \
             checked.",
        )
    });
    Some(Manifest {
        file,
        documents: parsed.documents,
        problem,
    })
}

/// Whether `text` says `kind: ServiceAccount` anywhere (block or flow style, keys and values
/// quoted or not, a comment after it), the one kind read here: files without it are neither
/// parsed nor reported when broken.
fn names_service_account(text: &str) -> bool {
    const KIND: &str = "ServiceAccount";
    let quotes_and_blanks: &[char] = &[' ', '\t', '"', '\''];
    text.match_indices(KIND).any(|(at, _)| {
        let after = text[at + KIND.len()..].chars().next();
        let ends_word = after.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        let before = text[..at].trim_end_matches(quotes_and_blanks);
        ends_word
            && before.strip_suffix(':').is_some_and(|key| {
                let key = key.trim_end_matches(quotes_and_blanks);
                key.strip_suffix("kind").is_some_and(|rest| {
                    !rest
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
                })
            })
    })
}

/// Stands for a symbol of the text in what the parser reads: a private-use character, which
/// YAML takes anywhere in a scalar (first too) and which is no indicator.
const PLACEHOLDER: char = '\u{e000}';

/// Terraform's `yamldecode` of a string (`yamldecode(file("sa.yaml"))`), and the YAML text of
/// Helm values (`file()`, `templatefile()`, heredocs): its one document as a value, every node
/// pointed back at the bytes it comes from (exactly where the text is written verbatim). A
/// symbol of the text (an interpolation not known before apply) reads as scalar text: a plain
/// scalar that is only a symbol is that symbol's value (a `jsonencode` text's value, else the
/// symbol), any other scalar a string with the symbol inside. `None` when the text is too
/// large, not exactly one valid document (Terraform fails on those), or when a symbol of
/// unknown shape is not inside a scalar written as it is: it may be a directive or a
/// `yamlencode` whose text changes the structure. Text that is all one unknown symbol is
/// `None` too.
pub fn decode(src: &SymStr, fallback: Span) -> Option<Value> {
    let mut built = Built::new(src, fallback)?;
    let parsed = parse(fallback.file, &built.text);
    let [document] = parsed.documents.as_slice() else {
        return None;
    };
    if parsed.error.is_some() {
        return None;
    }
    match built.value(document) {
        // Text that is one unknown symbol decodes to nothing known.
        Value::Unknown(_) => None,
        value => built.structure_known().then_some(value),
    }
}

/// The text `decode` parses: the known parts, and a placeholder for each symbol.
struct Built<'s> {
    src: &'s SymStr,
    text: String,
    /// Where each part of `src` starts in `text`, in order.
    starts: Vec<usize>,
    /// The parts that are symbols of unknown shape, until a scalar accounts for them.
    unplaced: Vec<usize>,
    fallback: Span,
}

impl<'s> Built<'s> {
    fn new(src: &'s SymStr, fallback: Span) -> Option<Built<'s>> {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(src.parts.len());
        let mut unplaced = Vec::new();
        for (i, part) in src.parts.iter().enumerate() {
            starts.push(text.len());
            match part {
                // The placeholder must stand for symbols only.
                Part::Text { text: t, .. } if t.contains(PLACEHOLDER) => return None,
                Part::Text { text: t, .. } => text.push_str(t),
                Part::Sym(sym) => {
                    if sym.shape == Shape::Unknown {
                        unplaced.push(i);
                    }
                    text.push(PLACEHOLDER);
                }
            }
            if text.len() as u64 > MAX_YAML_BYTES {
                return None;
            }
        }
        Some(Built {
            src,
            text,
            starts,
            unplaced,
            fallback,
        })
    }

    /// Whether every symbol of unknown shape is inside a scalar written as it is.
    fn structure_known(&self) -> bool {
        self.unplaced.is_empty()
    }

    /// The parts under `start..end` of the text: (part index, the range within the part).
    fn parts_in(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, usize, usize)> {
        let first = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let text_len = self.text.len();
        (first..self.starts.len()).map_while(move |i| {
            let from = self.starts.get(i).copied().unwrap_or(text_len);
            let to = self.starts.get(i + 1).copied().unwrap_or(text_len);
            let inside = from < end || (start == end && from <= start);
            inside.then(|| (i, start.max(from) - from, end.min(to).max(from) - from))
        })
    }

    /// The text under `start..end` as a string of the source's parts.
    fn piece(&self, start: usize, end: usize) -> SymStr {
        let mut out = SymStr::default();
        for (i, lo, hi) in self.parts_in(start, end) {
            match self.src.parts.get(i) {
                Some(Part::Text { text, origin }) if hi > lo => {
                    out.push(sub_part(text, origin, lo, hi));
                }
                Some(sym @ Part::Sym(_)) if hi > lo => out.push(sym.clone()),
                _ => {}
            }
        }
        out
    }

    /// Where part `i`'s bytes `lo..hi` are written.
    fn part_span(&self, i: usize, lo: usize, hi: usize) -> Span {
        match self.src.parts.get(i) {
            Some(Part::Text { text, origin }) => sub_part(text, origin, lo, hi).span(),
            Some(Part::Sym(sym)) => sym.site,
            None => self.fallback,
        }
    }

    /// Where the text under `start..end` is written: from where its first byte is to where its
    /// last one is, when they are written in that order in one file, else where the first is.
    fn span(&self, start: usize, end: usize) -> Span {
        let mut parts = self.parts_in(start, end);
        let Some((i, lo, hi)) = parts.next() else {
            return self.fallback;
        };
        let first = self.part_span(i, lo, hi);
        let Some((j, lo, hi)) = parts.last() else {
            return first;
        };
        let last = self.part_span(j, lo, hi);
        if last.file == first.file && last.end >= first.start {
            Span::new(first.file, first.start..last.end)
        } else {
            first
        }
    }

    /// A scalar's text: its parts when it is written as it is, else its value derived from
    /// where it is written (`None` when that hides a symbol).
    fn scalar_text(&mut self, value: &str, at: Span, exact: bool) -> Option<SymStr> {
        let symbols: Vec<usize> = self
            .parts_in(at.start, at.end)
            .filter(|&(i, lo, hi)| hi > lo && matches!(self.src.parts.get(i), Some(Part::Sym(_))))
            .map(|(i, _, _)| i)
            .collect();
        if exact {
            self.unplaced.retain(|i| !symbols.contains(i));
            Some(self.piece(at.start, at.end))
        } else if symbols.is_empty() {
            Some(SymStr::text(
                value,
                Origin::Derived(self.span(at.start, at.end)),
            ))
        } else {
            None
        }
    }

    /// A node as a value (scalars as strings, plain nulls as null); its depth is bounded by
    /// the parse.
    fn value(&mut self, node: &Node) -> Value {
        let at = |b: &Self, s: Span| b.span(s.start, s.end);
        match node {
            Node::Scalar {
                value,
                span,
                exact,
                plain,
            } => {
                let Some(text) = self.scalar_text(value, *span, *exact) else {
                    return Value::Unknown(at(self, *span));
                };
                if *plain && let Some(sym) = text.as_symbol() {
                    return match &sym.shape {
                        Shape::Json(inner) => (**inner).clone(),
                        Shape::Unknown => Value::Unknown(sym.site),
                        _ => Value::Str(text.clone(), sym.site),
                    };
                }
                if *plain && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                    return Value::Null(at(self, *span));
                }
                let span = match text.as_symbol() {
                    Some(sym) => sym.site,
                    None => text.span().unwrap_or_else(|| at(self, *span)),
                };
                Value::Str(text, span)
            }
            Node::Seq { items, span } => {
                let items = items.iter().map(|n| self.value(n)).collect();
                Value::List(items, at(self, *span))
            }
            Node::Map { entries, span } => {
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let key_span = at(self, k.span());
                        let key = match k {
                            Node::Scalar {
                                value, span, exact, ..
                            } => self.scalar_text(value, *span, *exact),
                            _ => None,
                        };
                        let key = key.unwrap_or_else(|| SymStr::symbol(Shape::Unknown, key_span));
                        (key, key_span, self.value(v))
                    })
                    .collect();
                Value::Object(entries, at(self, *span))
            }
            Node::Opaque(span) => Value::Unknown(at(self, *span)),
        }
    }
}

/// A collection being built: where it starts, and where its last child ends as written
/// (quotes included).
enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        end: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        start: usize,
        end: usize,
    },
}

/// Parses every document of `text` (the text of `file`). Never fails: a syntax error ends the
/// stream, and the documents before it are kept.
pub fn parse(file: FileId, text: &str) -> YamlFile {
    // The parser skips a byte order mark without counting it; it is stripped here so the
    // offsets below are those of `body`, then shifted back.
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    // The parser counts characters; spans count bytes.
    let byte_at: Vec<usize> = body
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(body.len()))
        .collect();
    let offset = |index: usize| base + byte_at.get(index).copied().unwrap_or(body.len());
    let span = |start: usize, end: usize| Span::new(file, start..end.max(start));
    let mut out = YamlFile::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    // Inside a collection nested too deep: its start and how many collections are open in it.
    let mut skipping: Option<(usize, usize)> = None;
    for event in Parser::new_from_str(body) {
        let (event, marks) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = offset(e.marker().index());
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.error = Some((span(at, end), e.info().to_string()));
                break;
            }
        };
        let (start, end) = (offset(marks.start.index()), offset(marks.end.index()));
        if let Some((from, open)) = &mut skipping {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => *open += 1,
                Event::SequenceEnd | Event::MappingEnd if *open == 0 => {
                    let node = Node::Opaque(span(*from, end));
                    skipping = None;
                    push(&mut stack, &mut root, node, end);
                }
                Event::SequenceEnd | Event::MappingEnd => *open -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::DocumentStart(_) => root = None,
            Event::DocumentEnd => {
                if let Some(node) = root.take() {
                    out.documents.push(node);
                }
                if out.documents.len() >= MAX_DOCUMENTS {
                    break;
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                skipping = Some((start, 0));
            }
            Event::SequenceStart(..) => stack.push(Frame::Seq {
                items: Vec::new(),
                start,
                end: start,
            }),
            Event::MappingStart(..) => stack.push(Frame::Map {
                entries: Vec::new(),
                key: None,
                start,
                end: start,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                let node = close(frame, span, span(start, end));
                let end = node.span().end;
                push(&mut stack, &mut root, node, end);
            }
            Event::Scalar(value, style, _, tag) => {
                let written = text.get(start..end).unwrap_or_default();
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let node = scalar(value.into_owned(), written, span(start, end), plain);
                push(&mut stack, &mut root, node, end);
            }
            Event::Alias(_) => push(&mut stack, &mut root, Node::Opaque(span(start, end)), end),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    out
}

/// The node a finished collection makes. A flow collection ends at its closing bracket (the
/// end event's span, `closing`); a block collection's end event is empty and sits where the
/// next token starts (often lines below), so its span ends with its last child instead.
fn close(frame: Frame, span: impl Fn(usize, usize) -> Span, closing: Span) -> Node {
    let end_of = |last_child: usize| {
        if closing.is_empty() {
            last_child
        } else {
            closing.end
        }
    };
    match frame {
        Frame::Seq { items, start, end } => Node::Seq {
            items,
            span: span(start, end_of(end)),
        },
        Frame::Map {
            entries,
            start,
            end,
            ..
        } => Node::Map {
            entries,
            span: span(start, end_of(end)),
        },
    }
}

/// A scalar node: the span is narrowed to the text inside the quotes when that text is the
/// value, so it can stand for the value's bytes.
fn scalar(value: String, written: &str, span: Span, plain: bool) -> Node {
    let inner = written
        .strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .or_else(|| {
            written
                .strip_prefix('\'')
                .and_then(|w| w.strip_suffix('\''))
        });
    match inner {
        Some(inner) if inner == value => Node::Scalar {
            value,
            span: Span::new(span.file, span.start + 1..span.end - 1),
            exact: true,
            plain,
        },
        _ => Node::Scalar {
            exact: written == value,
            value,
            span,
            plain,
        },
    }
}

/// Adds a finished node, which ends at `end` as written, to the collection being built, or
/// makes it the document's root.
fn push(stack: &mut [Frame], root: &mut Option<Node>, node: Node, end: usize) {
    match stack.last_mut() {
        None => *root = Some(node),
        Some(Frame::Seq {
            items, end: last, ..
        }) => {
            items.push(node);
            *last = end;
        }
        Some(Frame::Map {
            entries,
            key,
            end: last,
            ..
        }) => {
            match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            }
            *last = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: FileId = FileId(0);

    /// The text under a node's span.
    fn under<'t>(text: &'t str, node: &Node) -> &'t str {
        let s = node.span();
        &text[s.start..s.end]
    }

    #[test]
    fn scalars_keys_and_collections_have_byte_spans() {
        // A multi-byte character before the values: spans count bytes, not characters.
        let text = "kind: ServiceAccount\nmetadata:\n  name: \"é-sa\"\n  labels: {a: 'b'}\n";
        let doc = parse(FILE, text);
        assert!(doc.error.is_none(), "{:?}", doc.error);
        let [root] = doc.documents.as_slice() else {
            panic!("one document: {:?}", doc.documents)
        };
        let metadata = root.get("metadata").unwrap();
        let name = metadata.get("name").unwrap();
        assert_eq!(name.as_str(), Some("é-sa"));
        assert_eq!(under(text, name), "é-sa");
        assert_eq!(name.span().start, text.find("é-sa").unwrap());
        let labels = metadata.get("labels").unwrap();
        assert_eq!(under(text, labels), "{a: 'b'}");
        assert_eq!(under(text, labels.get("a").unwrap()), "b");
        // A block mapping ends with its last value, not on the next line.
        assert_eq!(under(text, metadata), "name: \"é-sa\"\n  labels: {a: 'b'}");
        let Node::Map { entries, .. } = root else {
            panic!()
        };
        assert_eq!(under(text, &entries[1].0), "metadata");
    }

    #[test]
    fn escaped_and_folded_scalars_are_not_exact() {
        let text = "a: \"x\\ty\"\nb: >\n  folded\n  text\nc: plain\n";
        let doc = parse(FILE, text);
        let root = &doc.documents[0];
        let exact = |k: &str| match root.get(k) {
            Some(Node::Scalar { exact, .. }) => *exact,
            other => panic!("{other:?}"),
        };
        assert_eq!(root.get("a").unwrap().as_str(), Some("x\ty"));
        assert!(!exact("a"));
        assert_eq!(root.get("b").unwrap().as_str(), Some("folded text\n"));
        assert!(!exact("b"));
        assert!(exact("c"));
    }

    #[test]
    fn every_document_of_a_stream_and_a_bom() {
        let text = "\u{feff}a: 1\n---\n---\nb: 2\n...\n---\n- c\n";
        let doc = parse(FILE, text);
        assert!(doc.error.is_none());
        // The empty document between two `---` is an empty scalar (null).
        assert_eq!(doc.documents.len(), 4);
        assert_eq!(doc.documents[1].as_str(), Some(""));
        let a = doc.documents[0].get("a").unwrap();
        assert_eq!(a.span().start, text.find('1').unwrap());
        assert_eq!(under(text, &doc.documents[3]), "- c");
    }

    #[test]
    fn a_syntax_error_keeps_the_documents_before_it() {
        let text = "a: 1\n---\nb: [1\nc: 2\n";
        let doc = parse(FILE, text);
        assert_eq!(doc.documents.len(), 1);
        let (span, message) = doc.error.unwrap();
        assert!(!message.is_empty());
        assert!(span.start > text.find("b:").unwrap(), "{span:?}");
        assert!(span.end <= text.len());
    }

    #[test]
    fn aliases_and_deep_nesting_are_opaque() {
        let text = "a: &x [1, 2]\nb: *x\n";
        let doc = parse(FILE, text);
        assert!(matches!(doc.documents[0].get("b"), Some(Node::Opaque(_))));
        let deep = format!("k: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let doc = parse(FILE, &deep);
        assert!(doc.error.is_none(), "{:?}", doc.error);
        let mut node = doc.documents[0].get("k").unwrap();
        let mut depth = 1;
        while let Node::Seq { items, .. } = node {
            node = &items[0];
            depth += 1;
        }
        assert!(matches!(node, Node::Opaque(_)));
        assert_eq!(depth, MAX_DEPTH);
        // The opaque node is the whole collection it stands for, brackets balanced.
        let opaque = under(&deep, node);
        let open = 200 - (MAX_DEPTH - 1);
        assert_eq!(opaque, format!("{}1{}", "[".repeat(open), "]".repeat(open)));
    }

    #[test]
    fn documents_per_file_are_bounded() {
        let text = "a: 1\n---\n".repeat(MAX_DOCUMENTS + 10);
        assert_eq!(parse(FILE, &text).documents.len(), MAX_DOCUMENTS);
    }

    #[test]
    fn only_files_with_a_service_account_kind_are_read() {
        for yes in [
            "kind: ServiceAccount",
            "  kind:   \"ServiceAccount\"  ",
            "- kind: 'ServiceAccount'",
            "kind: ServiceAccount # the app's",
            "{apiVersion: v1, kind: ServiceAccount, metadata: {name: a}}",
            "{\"kind\": \"ServiceAccount\"}",
        ] {
            assert!(names_service_account(yes), "{yes}");
        }
        for no in [
            "kind: ServiceAccountList",
            "serviceAccountName: ServiceAccount",
            "subkind: ServiceAccount",
            "# ServiceAccount",
            "name: x",
        ] {
            assert!(!names_service_account(no), "{no}");
        }
    }

    #[test]
    fn templates_and_other_yaml_are_passed_over_and_broken_manifests_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = tmp.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        let sources = Sources::new();
        let workflow = write("ci.yaml", "on: push\njobs: {build: {runs-on: x}}\n");
        let template = write(
            "sa.yaml",
            "{{- if .Values.create }}\nkind: ServiceAccount\n{{- end }}\n",
        );
        let broken_other = write("other.yaml", "kind: ConfigMap\ndata: [1\n");
        for p in [&workflow, &template, &broken_other] {
            assert!(read_manifest(&sources, p).is_none(), "{p:?}");
        }
        assert!(
            sources.is_empty(),
            "nothing registered for files passed over"
        );
        let broken = write(
            "broken.yaml",
            "kind: ServiceAccount\nmetadata:\n  name: x\n   bad: 1\n",
        );
        let m = read_manifest(&sources, &broken).unwrap();
        let problem = m.problem.unwrap();
        let text = &sources.get(m.file).text;
        let pos = sources.get(m.file).position(problem.span.start);
        assert_eq!((pos.line, pos.column), (4, 7), "{text:?}");
        assert!(
            problem
                .message
                .starts_with("invalid YAML in a Kubernetes manifest: "),
            "{}",
            problem.message
        );
        let big = write(
            "big.yaml",
            &format!(
                "kind: ServiceAccount\n#{}\n",
                "x".repeat(MAX_YAML_BYTES as usize)
            ),
        );
        assert!(read_manifest(&sources, &big).is_none());
    }

    /// Every span a parse gives, nested ones included.
    fn spans(node: &Node, out: &mut Vec<Span>) {
        out.push(node.span());
        match node {
            Node::Seq { items, .. } => items.iter().for_each(|n| spans(n, out)),
            Node::Map { entries, .. } => entries.iter().for_each(|(k, v)| {
                spans(k, out);
                spans(v, out);
            }),
            Node::Scalar { .. } | Node::Opaque(_) => {}
        }
    }

    #[test]
    fn mutated_manifests_never_panic_and_spans_stay_on_char_boundaries() {
        let base = "\u{feff}apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: \"é-sa\"\n    namespace: 'ns'\n    annotations: {eks.amazonaws.com/role-arn: \"arn:aws:iam::1:role/ü\"}\n---\n&a [*a, {? x : y}]\n";
        let inserts = [
            "",
            ":",
            "-",
            "[",
            "]",
            "{",
            "}",
            "\"",
            "'",
            "&",
            "*",
            "!",
            "|",
            ">",
            "#",
            "\n",
            "\t",
            "\r\n",
            "---",
            "...",
            "%YAML 1.2",
            "ü",
            "\u{feff}",
            "\0",
            "? ",
        ];
        let chars: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for case in 0..3000 {
            let at = chars[next(chars.len())];
            let text = match case % 3 {
                0 => base[..at].to_string(),
                1 => format!(
                    "{}{}{}",
                    &base[..at],
                    inserts[next(inserts.len())],
                    &base[at..]
                ),
                _ => {
                    let to = chars[next(chars.len())].max(at);
                    format!("{}{}", &base[..at], &base[to..])
                }
            };
            let parsed = parse(FILE, &text);
            let mut all = Vec::new();
            parsed.documents.iter().for_each(|d| spans(d, &mut all));
            all.extend(parsed.error.iter().map(|(s, _)| *s));
            for span in all {
                assert!(
                    span.start <= span.end
                        && text.is_char_boundary(span.start)
                        && text.is_char_boundary(span.end),
                    "case {case}: {span:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn links_out_of_the_tree_and_fifos_are_not_read() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("sa.yaml");
        std::fs::write(
            &secret,
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n",
        )
        .unwrap();
        let tree = tempfile::tempdir().unwrap();
        let link = tree.path().join("link.yaml");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let fifo = tree.path().join("fifo.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let mut sources = Sources::new();
        sources.set_roots(crate::base::source::scan_roots(&[tree
            .path()
            .to_path_buf()]));
        assert!(read_manifest(&sources, &link).is_none());
        assert!(read_manifest(&sources, &fifo).is_none());
        assert!(sources.is_empty());
    }

    #[test]
    fn decode_points_into_the_file_it_read() {
        let text = "apiVersion: v1\nmetadata:\n  name: 'app'\n  tags: [a, b]\n";
        let src = SymStr::text(text, Origin::Exact(Span::new(FileId(7), 0..text.len())));
        let value = decode(&src, Span::new(FileId(1), 3..9)).unwrap();
        let name = value.get("metadata").and_then(|m| m.get("name")).unwrap();
        assert_eq!(name.known_text().as_deref(), Some("app"));
        let span = name.span();
        assert_eq!((span.file, &text[span.start..span.end]), (FileId(7), "app"));
        let Some(Value::List(tags, _)) = value.get("metadata").and_then(|m| m.get("tags")) else {
            panic!("{value:?}")
        };
        assert_eq!(tags.len(), 2);
        // Two documents, a syntax error, unknown text: Terraform cannot decode them either.
        for bad in ["a: 1\n---\nb: 2\n", "a: [1\n"] {
            let src = SymStr::text(bad, Origin::Exact(Span::new(FileId(7), 0..bad.len())));
            assert!(decode(&src, Span::new(FileId(1), 0..1)).is_none(), "{bad}");
        }
        let unknown = SymStr::symbol(crate::value::Shape::Unknown, Span::new(FileId(1), 0..1));
        assert!(decode(&unknown, Span::new(FileId(1), 0..1)).is_none());
    }

    /// `text` with `${…}` standing for symbols: each one a symbol of `shape` written where it
    /// is (its `${…}`), the text between verbatim at its offset in file 7.
    fn with_symbols(text: &str, shape: &dyn Fn(&str) -> Shape) -> SymStr {
        let file = FileId(7);
        let mut out = SymStr::default();
        let mut rest = text;
        let mut at = 0;
        while let Some(open) = rest.find("${") {
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            let literal = &rest[..open];
            out.push(Part::Text {
                text: literal.to_string(),
                origin: Origin::Exact(Span::new(file, at..at + open)),
            });
            let site = Span::new(file, at + open..at + close);
            out.push(Part::Sym(crate::value::Symbol {
                shape: shape(&rest[open + 2..close - 1]),
                site,
            }));
            at += close;
            rest = &rest[close..];
        }
        out.push(Part::Text {
            text: rest.to_string(),
            origin: Origin::Exact(Span::new(file, at..at + rest.len())),
        });
        out
    }

    #[test]
    fn decode_reads_symbols_as_scalar_text() {
        let shape = |name: &str| match name {
            "role" => Shape::RoleArn(crate::value::Address::new(
                std::path::Path::new("/m"),
                "aws_iam_role.app",
            )),
            "json" => Shape::Json(Box::new(Value::Str(
                SymStr::text("x", Origin::Derived(Span::new(FileId(1), 0..1))),
                Span::new(FileId(1), 0..1),
            ))),
            _ => Shape::Unknown,
        };
        let text = "a: ${role}\nb: \"${json}\"\nc: ${json}\nd: arn:${unknown}:x # ${role}\ne: ${unknown}\nf: null\ng: ''\n";
        let fallback = Span::new(FileId(1), 0..1);
        let value = decode(&with_symbols(text, &shape), fallback).unwrap();
        let under = |v: &Value| {
            let s = v.span();
            assert_eq!(s.file, FileId(7), "{v:?}");
            &text[s.start..s.end]
        };
        let a = value.get("a").unwrap();
        assert!(matches!(
            a.as_str().and_then(SymStr::as_symbol).map(|s| &s.shape),
            Some(Shape::RoleArn(_))
        ));
        assert_eq!(under(a), "${role}");
        // Quoted, a JSON text is a string; plain, it is the JSON's value.
        let b = value.get("b").and_then(Value::as_str).unwrap();
        assert!(matches!(
            b.as_symbol().map(|s| &s.shape),
            Some(Shape::Json(_))
        ));
        assert_eq!(
            value.get("c").and_then(Value::known_text).as_deref(),
            Some("x")
        );
        let d = value.get("d").unwrap();
        assert_eq!(
            d.as_str().map(SymStr::known_parts_text).as_deref(),
            Some("arn::x")
        );
        assert_eq!(under(d), "arn:${unknown}:x");
        assert!(matches!(value.get("e"), Some(Value::Unknown(_))));
        assert!(matches!(value.get("f"), Some(Value::Null(_))));
        assert_eq!(
            value.get("g").and_then(Value::known_text).as_deref(),
            Some("")
        );
        // An unknown symbol that is not inside a scalar written as it is may be a directive
        // or a `yamlencode` hiding keys: in a comment, folded into a scalar, alone on a line.
        for hidden in [
            "a: 1\n# ${unknown}\n",
            "a: >\n  folded ${unknown}\n  text\n",
            "a: 1\n${unknown}\n",
        ] {
            assert_eq!(
                decode(&with_symbols(hidden, &shape), fallback),
                None,
                "{hidden}"
            );
        }
        // A known symbol there hides nothing.
        let known = decode(&with_symbols("a: 1\n# ${role}\n", &shape), fallback);
        assert_eq!(
            known
                .and_then(|v| v.get("a").and_then(Value::known_text))
                .as_deref(),
            Some("1")
        );
    }
}
