//! Parsing without building the syntax trees of blocks nothing reads.
//!
//! hcl-edit keeps about 36 bytes of tree per byte of a file of small blocks (a 50 MB file of S3
//! buckets took 1.8 GB), and building them is most of a scan's time. The top-level `resource`
//! and `data` blocks of types nothing in irsa-lint reads are each checked on their own (by the
//! recognizer, else by parsing them alone, so a syntax error in them is still found, at its
//! place in the file) and then replaced by spaces in the text the whole file is parsed from.
//! Offsets do not move, so every span of the blocks kept is exact; and the model looks blocks
//! up by type, so no lookup can see a difference. When the file's top level cannot be split
//! with certainty, the whole file is parsed as it is.

use hcl_edit::structure::Body;

/// Above this size a file is not given to the recognizer (each of its blocks still is).
pub const SPARSE_ABOVE: usize = 1024 * 1024;

/// Resource and data source types rules and the evaluator read, by prefix; any other
/// `resource`/`data` block is blanked unless it mentions a trust token.
const READ_TYPES: [&str; 11] = [
    "aws_iam_",
    "aws_eks_",
    "aws_cognito_",
    "kubernetes_",
    "helm_",
    "aws_partition",
    "aws_caller_identity",
    "aws_region",
    "terraform_remote_state",
    // `data.template_file.x.rendered` is evaluated (a trust rendered from a template), and
    // OIDC provider facts read `data.tls_certificate`.
    "template_file",
    "tls_certificate",
];

/// Parses `text` (a `.tf` file), blanking unread blocks first.
pub fn parse_body(text: &str) -> Result<Body, hcl_edit::parser::Error> {
    match blank_unread_blocks(text) {
        Some(blanked) => hcl_edit::parser::parse_body(&blanked),
        None => hcl_edit::parser::parse_body(text),
    }
}

/// `text` with unread top-level blocks replaced by spaces (newlines kept), or `None` when the
/// top level cannot be split. A block that does not parse on its own is left in place, and so
/// is every block after it: the whole-file parse then stops at that block's error, at the
/// position it has in the file, having built trees only for the blocks kept before it.
fn blank_unread_blocks(text: &str) -> Option<String> {
    let mut out: Option<Vec<u8>> = None;
    for block in top_level_blocks(text)? {
        let source = text.get(block.start..block.end)?;
        if !block.unread || crate::input::parse::trust_relevant(source) {
            continue;
        }
        // A tree built to check a block is dropped at once, so memory holds one at a time.
        let parses = super::recognize::parses_cleanly(source)
            || hcl_edit::parser::parse_body(source).is_ok();
        if !parses {
            break;
        }
        let out = out.get_or_insert_with(|| text.as_bytes().to_vec());
        for b in out.get_mut(block.start..block.end)? {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // A block starts and ends at an ASCII byte, so a blanked range holds whole characters and
    // the result is still UTF-8.
    String::from_utf8(out?).ok()
}

/// A top-level block: its byte range, and whether it is a `resource`/`data` block of a type
/// nothing reads.
#[derive(Debug, PartialEq, Eq)]
struct TopBlock {
    start: usize,
    end: usize,
    unread: bool,
}

/// The top-level blocks of `text`, or `None` at anything else (a top-level attribute, text
/// the scanner does not follow).
fn top_level_blocks(text: &str) -> Option<Vec<TopBlock>> {
    let b = text.as_bytes();
    let mut i = skip_trivia(b, 0);
    let mut out = Vec::new();
    while i < b.len() {
        let start = i;
        let kind = ident(b, i)?;
        i = skip_spaces(b, start + kind.len());
        let mut labels = Vec::new();
        while i < b.len() && b[i] != b'{' {
            let label = if b[i] == b'"' {
                let end = string_end(b, i)?;
                let label = text.get(i + 1..end - 1)?;
                i = end;
                label
            } else {
                let label = ident(b, i)?;
                i += label.len();
                label
            };
            labels.push(label);
            i = skip_spaces(b, i);
        }
        let end = block_end(b, i)?;
        let unread = matches!(kind, "resource" | "data")
            && labels
                .first()
                .is_some_and(|t| !READ_TYPES.iter().any(|p| t.starts_with(p)));
        out.push(TopBlock { start, end, unread });
        i = skip_trivia(b, end);
    }
    Some(out)
}

fn ident(b: &[u8], i: usize) -> Option<&str> {
    let len = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
        .count();
    (len > 0 && b[i].is_ascii_alphabetic())
        .then(|| std::str::from_utf8(&b[i..i + len]).ok())
        .flatten()
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Skips white space, newlines and comments.
fn skip_trivia(b: &[u8], mut i: usize) -> usize {
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match (b.get(i), b.get(i + 1)) {
            (Some(b'#'), _) | (Some(b'/'), Some(b'/')) => i = line_end(b, i),
            (Some(b'/'), Some(b'*')) => i = comment_end(b, i),
            _ => return i,
        }
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// The index after the `*/` of the comment at `i`.
fn comment_end(b: &[u8], i: usize) -> usize {
    b[i + 2..]
        .windows(2)
        .position(|w| w == b"*/")
        .map_or(b.len(), |n| i + 2 + n + 2)
}

/// The index after the closing quote of the one-line string (no templates) at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            b'\n' | b'$' | b'%' => return None,
            _ => j += 1,
        }
    }
    None
}

/// Where the scanner is, innermost last.
enum Ctx {
    /// Expressions, with the depth of brackets opened in this context.
    Code(usize),
    /// A quoted string (templates inside push `Code`).
    Str,
    /// A heredoc body ended by a line holding only `delimiter`.
    Heredoc {
        delimiter: Vec<u8>,
        line_start: bool,
    },
}

/// The index after the `}` that closes the block body opened at `i`.
fn block_end(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut stack = vec![Ctx::Code(0)];
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match stack.last_mut()? {
            Ctx::Code(depth) => match c {
                b'{' | b'[' | b'(' => *depth += 1,
                b'}' | b']' | b')' => {
                    *depth = depth.checked_sub(1)?;
                    if *depth == 0 {
                        stack.pop();
                        if stack.is_empty() {
                            return Some(i + 1);
                        }
                        // Back in the string or heredoc the template was written in.
                    }
                }
                b'"' => stack.push(Ctx::Str),
                b'#' => i = line_end(b, i) - 1,
                b'/' if next == Some(b'/') => i = line_end(b, i) - 1,
                b'/' if next == Some(b'*') => i = comment_end(b, i) - 1,
                b'<' if next == Some(b'<') => {
                    let mut j = i + 2;
                    if b.get(j) == Some(&b'-') {
                        j += 1;
                    }
                    let name = ident(b, j)?;
                    let after = j + name.len();
                    if b.get(skip_spaces(b, after)) != Some(&b'\n') {
                        return None;
                    }
                    stack.push(Ctx::Heredoc {
                        delimiter: name.as_bytes().to_vec(),
                        line_start: true,
                    });
                    i = skip_spaces(b, after);
                }
                _ => {}
            },
            Ctx::Str => match c {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'\n' => return None,
                b'$' | b'%' if next == Some(b'{') => {
                    stack.push(Ctx::Code(1));
                    i += 1;
                }
                b'$' | b'%' if next == Some(c) && b.get(i + 2) == Some(&b'{') => i += 2,
                _ => {}
            },
            Ctx::Heredoc {
                delimiter,
                line_start,
            } => {
                if *line_start {
                    *line_start = false;
                    let end = line_end(b, i);
                    let line = b[i..end].trim_ascii();
                    if line == delimiter.as_slice() {
                        stack.pop();
                        i = end;
                        continue;
                    }
                }
                match c {
                    b'\n' => *line_start = true,
                    b'$' | b'%' if next == Some(b'{') => {
                        stack.push(Ctx::Code(1));
                        i += 1;
                    }
                    b'$' | b'%' if next == Some(c) && b.get(i + 2) == Some(&b'{') => i += 2,
                    _ => {}
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# header
resource "aws_s3_bucket" "b" {
  bucket = "x}y"
  tags   = { Name = "${var.a}}" }
  policy = <<-EOF
    { "a": "}" }
    EOF
  /* } */
}

locals {
  a = "b"
}
data "aws_iam_policy_document" "d" {}
resource aws_sqs_queue q {
  name = "q" // }
}
"#;

    #[test]
    fn splits_the_top_level_through_strings_heredocs_and_comments() {
        let blocks = top_level_blocks(TEXT).expect("splits");
        let shown: Vec<(&str, bool)> = blocks
            .iter()
            .map(|b| (TEXT[b.start..b.end].lines().next().unwrap_or(""), b.unread))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("resource \"aws_s3_bucket\" \"b\" {", true),
                ("locals {", false),
                ("data \"aws_iam_policy_document\" \"d\" {}", false),
                ("resource aws_sqs_queue q {", true),
            ]
        );
        assert!(TEXT[blocks[0].start..blocks[0].end].ends_with("*/\n}"));
    }

    #[test]
    fn blanking_keeps_offsets_and_read_blocks() {
        let blanked = blank_unread_blocks(TEXT).expect("blanks");
        assert_eq!(blanked.len(), TEXT.len());
        assert!(!blanked.contains("aws_s3_bucket") && !blanked.contains("aws_sqs_queue"));
        let at = TEXT.find("locals").expect("locals");
        assert_eq!(&blanked[at..at + 6], "locals");
        assert_eq!(blanked.lines().count(), TEXT.lines().count());
        let body = hcl_edit::parser::parse_body(&blanked).expect("parses");
        assert_eq!(body.blocks().count(), 2);
    }

    #[test]
    fn data_sources_the_evaluator_reads_are_kept() {
        for kind in [
            "template_file",
            "tls_certificate",
            "aws_iam_policy_document",
        ] {
            let text = format!("data \"{kind}\" \"t\" {{\n  template = \"x\"\n}}\n");
            let blocks = top_level_blocks(&text).expect("splits");
            assert_eq!(blocks.len(), 1);
            assert!(!blocks[0].unread, "{kind} is read");
        }
    }

    #[test]
    fn gives_up_when_unsure() {
        // A top-level attribute and an unclosed block.
        assert!(top_level_blocks("a = 1\n").is_none());
        assert!(top_level_blocks("resource \"a\" \"b\" {\n").is_none());
        // A block that does not parse stays, with every block after it, so the file's parse
        // reports the error where it is.
        let bad = "resource \"aws_s3_bucket\" \"a\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  a = = 1\n}\nresource \"aws_s3_bucket\" \"c\" {}\n";
        let blanked = blank_unread_blocks(bad).expect("blanks the first");
        assert_eq!(
            &blanked[bad.find("resource \"aws_s3_bucket\" \"b\"").unwrap()..],
            &bad[bad.find("resource \"aws_s3_bucket\" \"b\"").unwrap()..]
        );
        let (Err(sparse), Err(full)) = (
            hcl_edit::parser::parse_body(&blanked),
            hcl_edit::parser::parse_body(bad),
        ) else {
            panic!("both fail");
        };
        assert_eq!(sparse.location().offset(), full.location().offset());
        // A block that mentions a trust token is kept.
        let text = "resource \"aws_lambda_function\" \"f\" {\n  role = aws_iam_role.r.arn # AssumeRole\n}\n";
        assert!(blank_unread_blocks(text).is_none());
    }

    /// Every `.tf` fixture, and mutations of each.
    fn fixture_texts() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|e| e == "tf")
                    && let Ok(t) = std::fs::read_to_string(&p)
                {
                    out.push(t);
                }
            }
        }
        let mut texts = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"),
            &mut texts,
        );
        // Infrastructure around a role, as most analysed files hold.
        let mixed = r#"resource "aws_s3_bucket" "b" {
  bucket = "${var.prefix}-b"
  tags   = { Name = "b", Team = local.team }
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.t.json
}

resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
      to_port   = ingress.value
    }
  }
  description = <<-EOT
    Traffic for ${var.name}
    EOT
}

locals {
  team = "platform" # comment
}

data "aws_ami" "a" {
  most_recent = true
  filter {
    name   = "name"
    values = ["al2023-*"]
  }
}
"#;
        for _ in 0..60 {
            texts.push(mixed.to_string());
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let inserts = [
            "}",
            "{",
            "\"",
            "\n",
            "${",
            "<<EOF\n",
            "resource \"a\" \"b\" {",
            "#",
        ];
        let mut mutated = Vec::new();
        for t in &texts {
            for _ in 0..4 {
                let mut m = t.clone();
                let mut at = next(m.len() + 1);
                while !m.is_char_boundary(at) {
                    at -= 1;
                }
                match next(3) {
                    0 => m.truncate(at),
                    1 => m.insert_str(at, inserts[next(inserts.len())]),
                    _ => {
                        let mut end = (at + 1 + next(6)).min(m.len());
                        while !m.is_char_boundary(end) {
                            end += 1;
                        }
                        m.replace_range(at..end, "");
                    }
                }
                mutated.push(m);
            }
        }
        texts.extend(mutated);
        texts
    }

    /// A block as the comparison sees it: kind, labels, span and the text of its body.
    type Shown = (String, Vec<String>, Option<std::ops::Range<usize>>, String);

    /// The kept blocks of a body.
    fn kept(body: &Body) -> Vec<Shown> {
        use hcl_edit::Span as _;
        body.blocks()
            .map(|b| {
                (
                    b.ident.to_string(),
                    b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                    b.span(),
                    b.body.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn blanking_changes_no_tree_it_keeps_and_no_error() {
        let texts = fixture_texts();
        let mut blanked_some = 0;
        for text in &texts {
            let whole = hcl_edit::parser::parse_body(text);
            let sparse = parse_body(text);
            match (&whole, &sparse) {
                (Err(w), Err(s)) => {
                    assert_eq!(
                        (w.location().offset(), w.message()),
                        (s.location().offset(), s.message()),
                        "{text}"
                    );
                }
                (Ok(w), Ok(s)) => {
                    let read: Vec<_> = kept(w)
                        .into_iter()
                        .filter(|(_, _, span, _)| {
                            let Some(span) = span else { return true };
                            kept(s).iter().any(|(_, _, k, _)| k.as_ref() == Some(span))
                        })
                        .collect();
                    assert_eq!(read, kept(s), "{text}");
                    if kept(s).len() < kept(w).len() {
                        blanked_some += 1;
                    }
                }
                _ => panic!(
                    "whole {:?}, sparse {:?}: {text}",
                    whole.as_ref().err().map(|e| e.message().to_string()),
                    sparse.as_ref().err().map(|e| e.message().to_string())
                ),
            }
        }
        // Unread blocks were blanked in many texts, so the comparison is not idle.
        assert!(
            blanked_some > 100,
            "{blanked_some} texts had blocks blanked"
        );
    }
}
