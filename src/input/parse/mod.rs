//! Reading and parsing: `.tf` files through hcl-edit (spans kept), JSON text through jsonc-parser.
//! A file that cannot be read or parsed gives a [`Problem`] (the engine reports it as `PARSE`);
//! nothing here panics.

mod blocks;
pub mod directives;
pub mod json;
pub mod literal;
pub mod recognize;
mod strings;
pub mod tf_json;

use crate::base::diagnostic::Problem;
use crate::base::source::{FileId, ReadError, Sources, Span};
use hcl_edit::structure::Body;
use std::path::Path;

/// Files larger than this are not analysed (no trust policy is this big; it guards memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A parsed `.tf` file.
#[derive(Debug)]
pub struct ParsedFile {
    pub id: FileId,
    pub body: Body,
}

/// Reads and parses one `.tf` file. On failure the file is still registered (so the diagnostic
/// has a position to point at) and the problem is returned.
pub fn parse_tf(sources: &Sources, path: &Path) -> Result<ParsedFile, Box<Problem>> {
    parse_loaded(sources, load(sources, path)?)
}

/// Reads a `.tf` file into `sources` (bounded, confined to the scan roots); a file that cannot
/// be read is a problem at its start, or at its first invalid byte.
pub fn load(sources: &Sources, path: &Path) -> Result<FileId, Box<Problem>> {
    register(sources, path, sources.read(path, MAX_FILE_BYTES))
}

/// Adds what reading `path` gave to `sources`: its text, or (when it could not be read) the
/// problem, at the file's start or its first invalid byte.
pub fn register(
    sources: &Sources,
    path: &Path,
    read: Result<String, ReadError>,
) -> Result<FileId, Box<Problem>> {
    match read {
        Ok(text) => Ok(sources.add(path.to_path_buf(), text)),
        Err(ReadError::NotUtf8 { offset, text }) => {
            // Registered with the lossy text, so the diagnostic sits at the real line and column.
            let id = sources.add(path.to_path_buf(), text);
            let end = next_char_end(&sources.get(id).text, offset);
            Err(Box::new(
                Problem::error(
                    Span::new(id, offset..end),
                    "file is not valid UTF-8; Terraform reads only UTF-8 files",
                )
                .with_label("invalid byte here"),
            ))
        }
        Err(error) => {
            let id = sources.add(path.to_path_buf(), String::new());
            Err(Box::new(Problem::error(
                Span::new(id, 0..0),
                error.to_string(),
            )))
        }
    }
}

/// Parses a file [`load`] read.
pub fn parse_loaded(sources: &Sources, id: FileId) -> Result<ParsedFile, Box<Problem>> {
    let file = sources.get(id);
    let text = &file.text;
    if tf_json::is_json_syntax(&file.path.to_string_lossy()) {
        return tf_json::parse_body(text)
            .map(|body| ParsedFile { id, body })
            .map_err(|e| {
                let offset = e.offset.min(text.len());
                Box::new(
                    Problem::error(
                        Span::new(id, offset..next_char_end(text, offset)),
                        e.message,
                    )
                    .with_label("parsing stopped here"),
                )
            });
    }
    // Terraform ignores a UTF-8 byte order mark (hashicorp/terraform#19715); the parser sees
    // three spaces instead, so every span still fits the text as read (and `--fix` keeps it).
    let result = match text.strip_prefix('\u{feff}') {
        Some(rest) => blocks::parse_body(&format!("   {rest}")),
        None => blocks::parse_body(text),
    };
    if let Some(offset) = strings::unterminated_string(text) {
        return Err(Box::new(
            Problem::error(Span::new(id, offset..offset + 1),
                "invalid HCL: quoted strings may not be split over multiple lines",
            )
            .with_label("this string is not closed on its line")
            .with_help("Close the string on the same line, or use a heredoc (`<<-EOT`) for multi-line text."),
        ));
    }
    match result {
        Ok(body) => Ok(ParsedFile { id, body }),
        Err(err) => {
            let offset = err.location().offset();
            if let Some(problem) = unclosed_directive(id, &file, offset) {
                return Err(Box::new(problem));
            }
            let end = next_char_end(&file.text, offset);
            Err(Box::new(
                Problem::error(
                    Span::new(id, offset.min(file.text.len())..end),
                    format!("invalid HCL: {}", err.message()),
                )
                .with_label("parsing stopped here"),
            ))
        }
    }
}

/// The parse error at `offset` told as the directive it comes from, when the template the
/// parser stopped in (it stops at the template's start, or the start of its line) holds a
/// `%{ for }` or `%{ if }` that is never closed.
fn unclosed_directive(
    id: FileId,
    file: &crate::base::source::SourceFile,
    offset: usize,
) -> Option<Problem> {
    let u = directives::unclosed_in_tf(&file.text)?;
    let line_start = file.text[..u.template_start.min(file.text.len())]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    if offset < line_start || offset > u.start {
        return None;
    }
    Some(unclosed_problem(id, file, &u, "invalid HCL"))
}

/// `%{ for }` at L:C has no `%{ endfor }`, at the directive.
pub fn unclosed_problem(
    id: FileId,
    file: &crate::base::source::SourceFile,
    u: &directives::Unclosed,
    what: &str,
) -> Problem {
    let at = file.position(u.start);
    let (keyword, closer) = (u.keyword, u.closer());
    Problem::error(
        Span::new(id, u.start..u.end),
        format!(
            "{what}: `%{{ {keyword} }}` at {}:{} has no `%{{ {closer} }}`",
            at.line, at.column
        ),
    )
    .with_label(format!("this `{keyword}` is never closed"))
    .with_help(format!(
        "End the directive with `%{{ {closer} }}` before the end of the template."
    ))
}

/// End of the character starting at `offset` (so an error span covers one visible character).
fn next_char_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(offset, |c| offset + c.len_utf8())
}

/// The tokens of [`trust_relevant`].
const TRUST_TOKENS: [&str; 11] = [
    "assume_role_policy",
    "aws_iam_policy_document",
    "AssumeRole",
    "Federated",
    "oidc",
    "pod_identity",
    "trust_policy",
    // IAM OIDC providers and terraform-aws-eks calls (OIDCP001, IRSA004). Input sits below
    // the model, so the eks sources recognised in model/known_modules/ (mod.rs `kind_of`,
    // eks.rs) are repeated here: keep them in step.
    "openid_connect_provider",
    "modules/eks",
    "terraform-aws-eks",
    // ServiceAccounts annotated with a role (XR rules), `eks\.amazonaws\.com/role-arn`
    // in Helm values included.
    "role-arn",
];

/// True when a file may hold a trust policy; other modules need no evaluation.
pub fn trust_relevant(text: &str) -> bool {
    // Searchers built once: on the 4.9 MB of a 1,801-file monorepo, 1.3 ms against 2.6 for
    // `str::contains` and 7.5 for one aho-corasick automaton over all tokens.
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            TRUST_TOKENS
                .iter()
                .map(memchr::memmem::Finder::new)
                .collect()
        });
    FINDERS.iter().any(|f| f.find(text.as_bytes()).is_some())
}
