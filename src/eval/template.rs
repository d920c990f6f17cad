//! Templates as Terraform renders them: literals, interpolations, and `%{ if }` / `%{ for }`
//! directives evaluated over known values, with the `~` strip markers applied.
//!
//! A template is first turned into [`Piece`]s in source order (each literal's origin mapped
//! once, whatever the number of times a loop repeats it), then rendered. A directive whose
//! condition or collection is not known renders as one unknown symbol at the directive.

use super::expand::{self, ListKeys};
use super::{Evaluator, Remembered, interpolate};
use crate::base::diagnostic::Problem;
use crate::base::source::{FileId, Span};
use crate::input::module::span_of;
use crate::input::parse::directives::unclosed_in_template;
use crate::input::parse::literal::{LiteralMode, literal_origin, nested_literal_text};
use crate::input::parse::unclosed_problem;
use crate::value::{Part, Shape, SymStr, Symbol, Value, sub_part};
use hcl_edit::expr::Expression;
use hcl_edit::template::{Directive, Element, Template};
use std::collections::HashMap;

/// Known text a template may render, in bytes; beyond it the template is unknown (a loop over
/// a huge collection, nested loops). Trust policies are a few kilobytes at most.
const MAX_RENDERED: usize = 1024 * 1024;

/// Loops remembered for WIF014 (see [`JuxtaposedLoop`]); more are not recorded.
const MAX_LOOPS_KEPT: usize = 64;

/// A `%{ for }` loop that rendered JSON values side by side with nothing between them
/// (`}{`, `""`, `][`), which is never valid JSON: a rule reports it when the text it is part of
/// fails to parse inside the loop.
#[derive(Debug, Clone, PartialEq)]
pub struct JuxtaposedLoop {
    /// The `%{ for … }` intro.
    pub intro: Span,
    /// The whole directive, up to its `%{ endfor }`.
    pub directive: Span,
    /// The first two iterations with nothing between them: what they rendered.
    pub before: SymStr,
    pub after: SymStr,
    pub iterations: usize,
}

/// What templates left for later stages, and the `template_file` data sources being rendered.
#[derive(Debug, Default)]
pub(super) struct Renders {
    loops: Vec<JuxtaposedLoop>,
    /// `data.template_file` names being rendered (a template whose vars refer to itself).
    active: Vec<String>,
    /// Template files whose parse error was reported (a file rendered twice is reported once).
    unparsable: Vec<FileId>,
}

enum Piece<'t> {
    Text(SymStr),
    Interp(&'t Expression),
    If {
        cond: &'t Expression,
        then: Vec<Piece<'t>>,
        otherwise: Vec<Piece<'t>>,
        span: Span,
    },
    For {
        key_var: Option<&'t str>,
        value_var: &'t str,
        collection: &'t Expression,
        body: Vec<Piece<'t>>,
        intro: Span,
        span: Span,
    },
}

/// Whether the element strips the whitespace of the literal before it (`${~`, `%{~`).
fn strips_before(e: &Element) -> bool {
    match e {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(i) => i.if_expr.strip.strip_start(),
            Directive::For(f) => f.for_expr.strip.strip_start(),
        },
    }
}

/// Whether the element strips the whitespace of the literal after it (`~}` closing it).
fn strips_after(e: &Element) -> bool {
    match e {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(i) => i.endif_expr.strip.strip_end(),
            Directive::For(f) => f.endfor_expr.strip.strip_end(),
        },
    }
}

/// Where a template's literals are, and whether its ends are stripped by the control tokens
/// around it (`%{ for … ~}` strips the start of the body, `%{~ endfor }` its end).
struct Frame {
    file: FileId,
    mode: LiteralMode,
    strip_first: bool,
    strip_last: bool,
    /// Inside a directive, where hcl-edit left the literals of `<<-` heredocs indented.
    nested: bool,
}

impl Evaluator<'_, '_> {
    /// Evaluates a template into a symbolic string.
    pub fn template(&mut self, file: FileId, tpl: &Template, mode: LiteralMode) -> SymStr {
        let frame = Frame {
            file,
            mode,
            strip_first: false,
            strip_last: false,
            nested: false,
        };
        let pieces = self.pieces(&frame, tpl, &mut true);
        let mut out = SymStr::default();
        let mut rendered = 0;
        let span = span_of(file, tpl);
        if self.render(file, &pieces, &mut out, &mut rendered) {
            out
        } else {
            // Too large to render (or the budget ran out): the budget's warning says so.
            self.too_large(span);
            SymStr::symbol(Shape::Unknown, span)
        }
    }

    /// `at_line_start` tells whether the next literal starts a heredoc line (for `<<-`).
    fn pieces<'t>(
        &self,
        frame: &Frame,
        tpl: &'t Template,
        at_line_start: &mut bool,
    ) -> Vec<Piece<'t>> {
        let source = self.sources.get(frame.file);
        let elements: Vec<&Element> = tpl.iter().collect();
        let mut out = Vec::with_capacity(elements.len());
        for (i, element) in elements.iter().enumerate() {
            match element {
                Element::Literal(lit) => {
                    let span = span_of(frame.file, lit);
                    let raw = source.slice(span);
                    let nested = frame
                        .nested
                        .then(|| nested_literal_text(raw, frame.mode, *at_line_start))
                        .flatten();
                    let text = nested.unwrap_or_else(|| lit.value().clone());
                    let origin = literal_origin(
                        frame.file,
                        raw,
                        span.start,
                        &text,
                        frame.mode,
                        at_line_start,
                    );
                    let text = text.as_str();
                    let trim_start = if i == 0 {
                        frame.strip_first
                    } else {
                        elements.get(i - 1).is_some_and(|e| strips_after(e))
                    };
                    let trim_end = if i + 1 == elements.len() {
                        frame.strip_last
                    } else {
                        elements.get(i + 1).is_some_and(|e| strips_before(e))
                    };
                    let start = if trim_start {
                        text.len() - text.trim_start().len()
                    } else {
                        0
                    };
                    let end = if trim_end {
                        text.trim_end().len().max(start)
                    } else {
                        text.len()
                    };
                    let mut kept = SymStr::default();
                    kept.push(sub_part(text, &origin, start, end));
                    out.push(Piece::Text(kept));
                }
                Element::Interpolation(interp) => {
                    *at_line_start = false;
                    out.push(Piece::Interp(&interp.expr));
                }
                Element::Directive(d) => {
                    *at_line_start = false;
                    out.push(self.directive(frame, d, at_line_start));
                }
            }
        }
        out
    }

    fn directive<'t>(
        &self,
        frame: &Frame,
        d: &'t Directive,
        at_line_start: &mut bool,
    ) -> Piece<'t> {
        let nested = |strip_first, strip_last| Frame {
            strip_first,
            strip_last,
            nested: true,
            ..*frame
        };
        let span = span_of(frame.file, d);
        match d {
            Directive::If(d) => {
                let endif = d.endif_expr.strip.strip_start();
                let then_ends = d
                    .else_expr
                    .as_ref()
                    .map_or(endif, |e| e.strip.strip_start());
                let then = self.pieces(
                    &nested(d.if_expr.strip.strip_end(), then_ends),
                    &d.if_expr.template,
                    at_line_start,
                );
                *at_line_start = false;
                let otherwise = match &d.else_expr {
                    Some(e) => {
                        let pieces = self.pieces(
                            &nested(e.strip.strip_end(), endif),
                            &e.template,
                            at_line_start,
                        );
                        *at_line_start = false;
                        pieces
                    }
                    None => Vec::new(),
                };
                Piece::If {
                    cond: &d.if_expr.cond_expr,
                    then,
                    otherwise,
                    span,
                }
            }
            Directive::For(d) => {
                let f = &d.for_expr;
                let body = self.pieces(
                    &nested(f.strip.strip_end(), d.endfor_expr.strip.strip_start()),
                    &f.template,
                    at_line_start,
                );
                *at_line_start = false;
                let body_start = hcl_edit::Span::span(&f.template).map_or(span.end, |r| r.start);
                Piece::For {
                    key_var: f.key_var.as_ref().map(|k| k.as_str()),
                    value_var: f.value_var.as_str(),
                    collection: &f.collection_expr,
                    body,
                    intro: Span::new(frame.file, span.start..body_start),
                    span,
                }
            }
        }
    }

    /// Renders `pieces` onto `out`; false when the text grows past [`MAX_RENDERED`] (`rendered`
    /// counts its known bytes) or the step budget is spent.
    fn render(
        &mut self,
        file: FileId,
        pieces: &[Piece<'_>],
        out: &mut SymStr,
        rendered: &mut usize,
    ) -> bool {
        for piece in pieces {
            match piece {
                Piece::Text(text) => {
                    *rendered = rendered.saturating_add(text.known_parts_text().len());
                    if *rendered > MAX_RENDERED {
                        return false;
                    }
                    out.extend(text.clone());
                }
                Piece::Interp(expr) => {
                    let v = self.eval(file, expr);
                    let part = interpolate(v, span_of(file, *expr));
                    *rendered = rendered.saturating_add(part.known_parts_text().len());
                    if *rendered > MAX_RENDERED {
                        return false;
                    }
                    out.extend(part);
                }
                Piece::If {
                    cond,
                    then,
                    otherwise,
                    span,
                } => match self.eval(file, cond).known_text().as_deref() {
                    Some("true") => {
                        if !self.render(file, then, out, rendered) {
                            return false;
                        }
                    }
                    Some("false") => {
                        if !self.render(file, otherwise, out, rendered) {
                            return false;
                        }
                    }
                    _ => out.push(unknown(*span)),
                },
                Piece::For {
                    key_var,
                    value_var,
                    collection,
                    body,
                    intro,
                    span,
                } => {
                    let items = expand::entries(self.eval(file, collection), ListKeys::Index);
                    let Some(items) = items else {
                        out.push(unknown(*span));
                        continue;
                    };
                    let mut iterations = Vec::with_capacity(items.len());
                    for (key, value) in items {
                        if !self.charge(1, *intro) {
                            return false;
                        }
                        let depth = self.scope.len();
                        if let Some(k) = key_var {
                            self.scope.push((k.to_string(), Remembered::new(key)));
                        }
                        self.scope
                            .push((value_var.to_string(), Remembered::new(value)));
                        let mut once = SymStr::default();
                        let ok = self.render(file, body, &mut once, rendered);
                        self.scope.truncate(depth);
                        if !ok {
                            return false;
                        }
                        iterations.push(once);
                    }
                    self.remember_juxtaposed(&iterations, *intro, *span);
                    for once in iterations {
                        out.extend(once);
                    }
                }
            }
        }
        true
    }

    fn remember_juxtaposed(&mut self, iterations: &[SymStr], intro: Span, directive: Span) {
        let pair = iterations.windows(2).find(|pair| {
            matches!(last_char(&pair[0]), Some('}' | ']' | '"'))
                && matches!(first_char(&pair[1]), Some('{' | '[' | '"'))
        });
        let Some([before, after]) = pair else {
            return;
        };
        if self.renders.loops.len() >= MAX_LOOPS_KEPT
            || self.renders.loops.iter().any(|l| l.intro == intro)
        {
            return;
        }
        self.renders.loops.push(JuxtaposedLoop {
            intro,
            directive,
            before: before.clone(),
            after: after.clone(),
            iterations: iterations.len(),
        });
    }

    /// The loop that put JSON values side by side where JSON text failed to parse at `error`.
    pub fn juxtaposed_loop_at(&self, error: Span) -> Option<&JuxtaposedLoop> {
        self.renders
            .loops
            .iter()
            .find(|l| l.directive.contains(error))
    }
}

impl Evaluator<'_, '_> {
    /// Parses the text of template file `id` (`templatefile()`, `template_file`); a file that
    /// does not parse is reported once, naming the directive left open when there is one.
    pub(super) fn parse_template_file(&mut self, id: FileId, text: &str) -> Option<Template> {
        let err = match hcl_edit::parser::parse_template(text) {
            Ok(t) => return Some(t),
            Err(err) => err,
        };
        if self.renders.unparsable.contains(&id) {
            return None;
        }
        self.renders.unparsable.push(id);
        let file = self.sources.get(id);
        let problem = match unclosed_in_template(&file.text) {
            Some(u) => unclosed_problem(id, &file, &u, "invalid template"),
            None => {
                let offset = err.location().offset().min(file.text.len());
                let end = file.text[offset..]
                    .chars()
                    .next()
                    .map_or(offset, |c| offset + c.len_utf8());
                Problem::error(
                    Span::new(id, offset..end),
                    format!("invalid template: {}", err.message()),
                )
                .with_label("parsing stopped here")
            }
        };
        self.problems.push(problem);
        None
    }

    /// `data.template_file.NAME.rendered`: the template provider renders `template` with only
    /// `vars` in scope, as `templatefile()` does. Terraform evaluates `template` first, so
    /// what the provider renders is its value: read from a file (`file("x.tpl")`, the common
    /// form), the file is parsed as a template here; written inline, the provider's own
    /// `$${…}`/`%%{…}` sequences have lost their source positions in Terraform's rendering,
    /// so such text is unknown, and text with none is rendered as it is.
    pub(super) fn template_file(&mut self, name: &str, span: Span) -> Value {
        let Some(item) = self.module.data_source("template_file", name) else {
            return Value::Unknown(span);
        };
        let Some((file, expr)) = item.attr("template") else {
            return Value::Unknown(span);
        };
        if self.renders.active.iter().any(|n| n == name) {
            return Value::Unknown(span);
        }
        self.renders.active.push(name.to_string());
        let template = self.eval(file, expr);
        let vars = match item.attr("vars") {
            Some((f, e)) => self.eval(f, e),
            None => Value::Null(span),
        };
        let rendered = self.render_template_value(template, &vars, span);
        self.renders.active.pop();
        rendered
    }

    fn render_template_value(&mut self, template: Value, vars: &Value, span: Span) -> Value {
        let Value::Str(text, _) = template else {
            return Value::Unknown(span);
        };
        if let Some(whole) = text.verbatim_span() {
            let source = self.sources.get(whole.file);
            if whole.start == 0 && whole.end == source.text.len() {
                return match self.parse_template_file(whole.file, &source.text) {
                    Some(tpl) => Value::Str(
                        self.render_template_file(whole.file, &tpl, template_vars(Some(vars))),
                        span,
                    ),
                    None => Value::Unknown(span),
                };
            }
        }
        match text.known() {
            Some(t) if !t.contains("${") && !t.contains("%{") => Value::Str(text, span),
            _ => Value::Unknown(span),
        }
    }
}

/// The variables of a `templatefile()` call or a `template_file`: the known keys of `vars`.
pub(super) fn template_vars(vars: Option<&Value>) -> HashMap<String, Value> {
    match vars {
        Some(Value::Object(entries, _)) => entries
            .iter()
            .filter_map(|(k, _, v)| k.known().map(|k| (k, v.clone())))
            .collect(),
        _ => HashMap::new(),
    }
}

fn unknown(site: Span) -> Part {
    Part::Sym(Symbol {
        shape: Shape::Unknown,
        site,
    })
}

/// The first non-whitespace character, when it is known text.
fn first_char(s: &SymStr) -> Option<char> {
    for p in &s.parts {
        match p {
            Part::Text { text, .. } => match text.trim_start().chars().next() {
                Some(c) => return Some(c),
                None => continue,
            },
            Part::Sym(_) => return None,
        }
    }
    None
}

/// The last non-whitespace character, when it is known text.
fn last_char(s: &SymStr) -> Option<char> {
    for p in s.parts.iter().rev() {
        match p {
            Part::Text { text, .. } => match text.trim_end().chars().next_back() {
                Some(c) => return Some(c),
                None => continue,
            },
            Part::Sym(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::base::source::{Sources, Span};
    use crate::eval::{Evaluator, KnownOutputs};
    use crate::input::module::Module;
    use crate::input::parse::ParsedFile;
    use crate::value::{Address, Value};
    use std::path::PathBuf;

    struct NoOutputs;
    impl KnownOutputs for NoOutputs {
        fn output(&self, _: &Address, _: Option<&str>, _: &str, _: Span) -> Option<Value> {
            None
        }
    }

    /// The value of `local.x` in a module whose `locals` block is `locals`, with the text of
    /// the source span every known byte maps to (`|`-separated per part).
    fn render(locals: &str) -> (Option<String>, String) {
        let sources = Sources::new();
        let text = format!("locals {{\n  l = [\"a\", \"b\"]\n{locals}}}\n");
        let id = sources.add(PathBuf::from("/m/main.tf"), text.clone());
        let body = hcl_edit::parser::parse_body(&text).expect("test module parses");
        let parsed = [ParsedFile { id, body }];
        let modules = [Module::new(PathBuf::from("/m"), &parsed)];
        let calls = crate::eval::Calls::default();
        let workspace = crate::eval::Workspace::new(&modules, &calls);
        let mut ev = Evaluator::new(&workspace, 0, &sources, &NoOutputs).expect("module 0");
        let (file, attr) = modules[0].locals["x"];
        let v = ev.eval(file, &attr.value);
        let s = v.as_str().cloned().unwrap_or_default();
        let sources_of: Vec<String> = s
            .parts
            .iter()
            .map(|p| text[p.span().start..p.span().end].to_string())
            .collect();
        (s.known(), sources_of.join("|"))
    }

    fn known(locals: &str) -> Option<String> {
        render(locals).0
    }

    #[test]
    fn strip_markers_of_interpolations() {
        assert_eq!(
            known("  x = \"a  ${~ \"x\"}  b\"\n").as_deref(),
            Some("ax  b")
        );
        assert_eq!(
            known("  x = \"a  ${\"x\" ~}  b\"\n").as_deref(),
            Some("a  xb")
        );
        assert_eq!(
            known("  x = \"a \\n ${~\"x\"~} \\t b\"\n").as_deref(),
            Some("axb")
        );
    }

    #[test]
    fn loops_render_each_element_with_their_strip_markers() {
        let plain = "  x = \"[ %{ for s in local.l } ${s} %{ endfor } ]\"\n";
        assert_eq!(known(plain).as_deref(), Some("[  a  b  ]"));
        let before = "  x = \"[ %{~ for s in local.l } ${s} %{ endfor } ]\"\n";
        assert_eq!(known(before).as_deref(), Some("[ a  b  ]"));
        let body_start = "  x = \"[ %{ for s in local.l ~} ${s} %{ endfor } ]\"\n";
        assert_eq!(known(body_start).as_deref(), Some("[ a b  ]"));
        let body_end = "  x = \"[ %{ for s in local.l } ${s} %{~ endfor } ]\"\n";
        assert_eq!(known(body_end).as_deref(), Some("[  a b ]"));
        let after = "  x = \"[ %{ for s in local.l } ${s} %{ endfor ~} ]\"\n";
        assert_eq!(known(after).as_deref(), Some("[  a  b ]"));
        let keyed =
            "  x = \"%{ for i, s in local.l }%{ if i > 0 },%{ endif }${i}=${s}%{ endfor }\"\n";
        assert_eq!(known(keyed).as_deref(), Some("0=a,1=b"));
    }

    #[test]
    fn split_pieces_keep_their_source_bytes() {
        let (text, spans) = render("  x = join(\"|\", split(\",\", \"ab,,c\"))\n");
        assert_eq!(text.as_deref(), Some("ab||c"));
        assert_eq!(
            spans,
            "ab|join(\"|\", split(\",\", \"ab,,c\"))|join(\"|\", split(\",\", \"ab,,c\"))|c"
        );
    }

    #[test]
    fn conditions_pick_a_branch_with_their_strip_markers() {
        let t = |cond: &str| {
            known(&format!(
                "  x = \"< %{{~ if {cond} ~}} yes %{{~ else ~}} no %{{~ endif ~}} >\"\n"
            ))
        };
        assert_eq!(t("true").as_deref(), Some("<yes>"));
        assert_eq!(t("length(local.l) == 3").as_deref(), Some("<no>"));
        let no_markers = "  x = \"< %{ if false } yes %{ else } no %{ endif } >\"\n";
        assert_eq!(known(no_markers).as_deref(), Some("<  no  >"));
        let no_else = "  x = \"a%{ if false }b%{ endif }c\"\n";
        assert_eq!(known(no_else).as_deref(), Some("ac"));
    }

    #[test]
    fn unknown_conditions_and_collections_are_one_symbol() {
        let (text, spans) = render("  x = \"a%{ if var.v }b%{ endif }c\"\n");
        assert_eq!(text, None);
        assert_eq!(spans, "a|%{ if var.v }b%{ endif }|c");
        let (text, spans) = render("  x = \"a%{ for s in var.v }b%{ endfor }\"\n");
        assert_eq!(text, None);
        assert_eq!(spans, "a|%{ for s in var.v }b%{ endfor }");
    }

    #[test]
    fn loop_text_keeps_its_source_bytes_in_indented_heredocs() {
        let heredoc = "  x = <<-EOF\n    [\n    %{~ for s in local.l ~}\n      \"${s}\",\n    %{~ endfor ~}\n    ]\n    EOF\n";
        let (text, spans) = render(heredoc);
        assert_eq!(text.as_deref(), Some("[\"a\",\"b\",]\n"));
        assert_eq!(spans, "[|\"|a|\",|\"|b|\",|]\n");
        // Lines inside a directive lose the heredoc's indentation too.
        let nested = "  x = <<-EOF\n    a\n    %{ if true }\n      b\n    %{ endif }\n    EOF\n";
        assert_eq!(known(nested).as_deref(), Some("a\n\n  b\n\n"));
    }
}
