//! Symbolic values: strings made of known text (mapped back to source bytes) and symbols with a
//! shape (provider ARN, issuer URL, issuer host, partition, …) where the value is only known at
//! apply time.

use crate::base::source::{FileId, Span};

/// A resource, data source or module-call address (`aws_eks_cluster.main`, `module.eks`)
/// qualified by the module (directory) that declares it: two directories that each declare
/// `aws_eks_cluster.main` declare two clusters. Shown, and read as text, as written.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Address {
    module: std::sync::Arc<std::path::Path>,
    local: String,
    /// For a value read through module outputs: the instance that declares it (see
    /// [`Address::instance`]).
    instance: String,
}

impl Address {
    pub fn new(module: &std::path::Path, local: impl Into<String>) -> Address {
        Address {
            module: module.into(),
            local: local.into(),
            instance: String::new(),
        }
    }

    /// The directory of the module that declares it.
    pub fn module(&self) -> &std::path::Path {
        &self.module
    }

    /// For a value read through module outputs, the instance of the module that declares it:
    /// the calls from the root (`module.a.module.b["k"]`); empty otherwise.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    pub fn set_instance(&mut self, calls: &str) {
        self.instance = calls.to_string();
    }
}

impl std::ops::Deref for Address {
    type Target = str;

    /// The address as written in its module.
    fn deref(&self) -> &str {
        &self.local
    }
}

/// As written: the module is in every value's spans already.
impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.local)
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.local)
    }
}

/// Which issuer a symbol stands for. Two symbols with the same issuer denote the same OIDC
/// identity even though neither value is known before apply.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Issuer {
    /// An EKS cluster managed in this module: `aws_eks_cluster.X` or `module.X` (terraform-aws-eks).
    Cluster(Address),
    /// A cluster looked up with a data source (`data.aws_eks_cluster.X`): may be any cluster.
    ClusterLookup(Address),
    /// An `aws_iam_openid_connect_provider` (resource or data source) whose URL is not known.
    Provider(Address),
    /// An issuer whose host and path are known text (e.g. a provider with a literal `url`).
    Host(String),
}

impl Issuer {
    /// True when two different issuers are certainly different identities (two clusters created
    /// here); lookups and providers with unknown URLs may alias anything.
    pub fn certainly_differs(&self, other: &Issuer) -> bool {
        match (self, other) {
            (Issuer::Cluster(a), Issuer::Cluster(b)) => a != b,
            (Issuer::Host(a), Issuer::Host(b)) => !a.eq_ignore_ascii_case(b),
            _ => false,
        }
    }

    pub fn is_eks(&self) -> bool {
        match self {
            Issuer::Cluster(_) | Issuer::ClusterLookup(_) => true,
            Issuer::Host(h) => crate::base::known::is_eks_host(h),
            Issuer::Provider(_) => false,
        }
    }
}

/// What an unknown string is known to look like.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `arn:<partition>:iam::<account>:oidc-provider/<host+path>`.
    ProviderArn(Issuer),
    /// The issuer URL **with** `https://` (`identity[0].oidc[0].issuer`, `cluster_oidc_issuer_url`).
    IssuerUrl(Issuer),
    /// The issuer host+path without scheme (`module.eks.oidc_provider`, stripped URLs).
    IssuerHost(Issuer),
    /// `aws_iam_openid_connect_provider.X.url`: host+path after apply, `https://…` on the first plan.
    ProviderUrl(Issuer),
    /// `cluster_dualstack_oidc_issuer_url`: `https://oidc-eks.<region>.api.aws/id/<ID>`.
    DualstackIssuerUrl(Issuer),
    Partition,
    Account,
    Region,
    /// `aws_iam_role.X.arn` (or a role module's ARN output): the role's address, qualified by
    /// its module (a child module's output names the child's role).
    RoleArn(Address),
    /// `aws_iam_role.X.name` (or `.id`), or a role module's name output.
    RoleName(Address),
    /// The JSON text of a value (`jsonencode(x)` inside a template).
    Json(Box<Value>),
    Unknown,
}

impl Shape {}

/// A symbol: a piece of string whose text is not known, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub shape: Shape,
    /// The expression to edit when this symbol must change: the outermost interpolation or
    /// attribute that produced it, in the policy's own source.
    pub site: Span,
}

/// Where the bytes of a known text part come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The text appears verbatim at this span.
    Exact(Span),
    /// Byte `i` of the text comes from `offsets[i]` (start, end) in `file` (escapes, heredoc indent).
    Mapped {
        file: FileId,
        offsets: Vec<(u32, u32)>,
    },
    /// Computed text (a function result, a default): every byte maps to the whole span.
    Derived(Span),
}

impl Origin {
    /// Span of text bytes `start..end` (relative to the part).
    fn sub_span(&self, start: usize, end: usize) -> Span {
        match self {
            Origin::Exact(s) => Span::new(s.file, s.start + start..s.start + end),
            Origin::Derived(s) => *s,
            Origin::Mapped { file, offsets } => {
                if offsets.is_empty() {
                    return Span::new(*file, 0..0);
                }
                let last = offsets.len() - 1;
                let a = offsets[start.min(last)].0 as usize;
                let b = if end > start {
                    offsets[(end - 1).min(last)].1 as usize
                } else {
                    a
                };
                Span::new(*file, a..b)
            }
        }
    }
}

/// One piece of a symbolic string.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text { text: String, origin: Origin },
    Sym(Symbol),
}

impl Part {
    pub fn span(&self) -> Span {
        match self {
            Part::Text { text, origin } => origin.sub_span(0, text.len()),
            Part::Sym(s) => s.site,
        }
    }
}

/// A string that may be partly unknown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SymStr {
    pub parts: Vec<Part>,
}

impl SymStr {
    pub fn text(text: impl Into<String>, origin: Origin) -> SymStr {
        let text = text.into();
        if text.is_empty() {
            return SymStr::default();
        }
        SymStr {
            parts: vec![Part::Text { text, origin }],
        }
    }

    /// Calls `f` on every symbol of the string (and of the values JSON symbols encode).
    pub fn map_symbols(&mut self, f: &mut dyn FnMut(&mut Symbol)) {
        for part in &mut self.parts {
            if let Part::Sym(sym) = part {
                if let Shape::Json(v) = &mut sym.shape {
                    v.map_symbols(f);
                }
                f(sym);
            }
        }
    }

    pub fn symbol(shape: Shape, site: Span) -> SymStr {
        SymStr {
            parts: vec![Part::Sym(Symbol { shape, site })],
        }
    }

    pub fn push(&mut self, part: Part) {
        if let Part::Text { text, .. } = &part
            && text.is_empty()
        {
            return;
        }
        self.parts.push(part);
    }

    pub fn extend(&mut self, other: SymStr) {
        for p in other.parts {
            self.push(p);
        }
    }

    /// See [`Value::size`].
    pub fn size(&self) -> usize {
        let bytes: usize = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Text { text, .. } => text.len(),
                Part::Sym(_) => 0,
            })
            .sum();
        self.parts.len().max(1) + bytes / 64
    }

    /// The whole text, when every part is known.
    pub fn known(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text { text, .. } => out.push_str(text),
                Part::Sym(_) => return None,
            }
        }
        Some(out)
    }

    pub fn is_known(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Text { .. }))
    }

    /// The only symbol, when the string is exactly one symbol.
    pub fn as_symbol(&self) -> Option<&Symbol> {
        match self.parts.as_slice() {
            [Part::Sym(s)] => Some(s),
            _ => None,
        }
    }

    /// The known text before the first symbol.
    pub fn leading_text(&self) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text { text, .. } => out.push_str(text),
                Part::Sym(_) => break,
            }
        }
        out
    }

    /// A readable rendering: known text as is, symbols as `${…}` of their source.
    pub fn display(&self, source_of: &dyn Fn(Span) -> String) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text { text, .. } => out.push_str(text),
                Part::Sym(s) => {
                    let src = source_of(s.site);
                    let src = src.trim();
                    if src.is_empty() {
                        // Not written anywhere (a value a module computes itself).
                        out.push_str(match s.shape {
                            Shape::Partition => "<partition>",
                            Shape::Account => "<account>",
                            Shape::Region => "<region>",
                            _ => "<unknown>",
                        });
                    } else if src.starts_with("${") {
                        out.push_str(src);
                    } else {
                        out.push_str("${");
                        out.push_str(&host_rendering(&s.shape, src));
                        out.push('}');
                    }
                }
            }
        }
        out
    }

    /// Span covering the parts written one after another from the first one on: parts from
    /// elsewhere (a local's text interpolated into an argument, another file) end it, so the
    /// span never stretches over unrelated lines.
    pub fn span(&self) -> Option<Span> {
        let mut iter = self.parts.iter().map(Part::span);
        let first = iter.next()?;
        let mut out = first;
        for s in iter {
            if s.file != out.file || s.start < out.end {
                break;
            }
            out = out.cover(s);
        }
        Some(out)
    }

    /// Span of `start..end`, a byte range of the flattened text where every symbol counts as
    /// zero bytes. Only meaningful for ranges inside known parts.
    pub fn span_of(&self, start: usize, end: usize) -> Option<Span> {
        let mut pos = 0;
        let mut first: Option<Span> = None;
        let mut last: Option<Span> = None;
        for p in &self.parts {
            let Part::Text { text, origin } = p else {
                continue;
            };
            let (a, b) = (pos, pos + text.len());
            pos = b;
            let lo = start.max(a);
            let hi = end.min(b);
            if lo < hi || (start == end && start >= a && start <= b) {
                let s = origin.sub_span(lo - a, hi.max(lo) - a);
                // Only parts written one after another make one span (see `span`).
                if let Some(l) = last
                    && (s.file != l.file || s.start < l.end)
                {
                    break;
                }
                first.get_or_insert(s);
                last = Some(s);
            }
        }
        match (first, last) {
            (Some(f), Some(l)) if f.file == l.file => {
                Some(Span::new(f.file, f.start..l.end.max(f.start)))
            }
            (Some(f), _) => Some(f),
            _ => None,
        }
    }

    /// When the whole string is one known text written verbatim in the source, its span
    /// (so a fix can replace it byte for byte).
    pub fn verbatim_span(&self) -> Option<Span> {
        match self.parts.as_slice() {
            [
                Part::Text {
                    origin: Origin::Exact(s),
                    ..
                },
            ] => Some(*s),
            _ => None,
        }
    }

    /// Splits at byte `at` of the flattened known text (symbols count zero bytes): the left
    /// side holds exactly the parts before that byte, so a symbol at the cut goes right.
    pub fn split_at(&self, at: usize) -> (SymStr, SymStr) {
        let mut left = SymStr::default();
        let mut right = SymStr::default();
        let mut pos = 0;
        for p in &self.parts {
            match p {
                Part::Sym(_) => {
                    if pos < at {
                        left.push(p.clone());
                    } else {
                        right.push(p.clone());
                    }
                }
                Part::Text { text, origin } => {
                    let (a, b) = (pos, pos + text.len());
                    pos = b;
                    if b <= at {
                        left.push(p.clone());
                    } else if a >= at {
                        right.push(p.clone());
                    } else {
                        let cut = at - a;
                        left.push(sub_part(text, origin, 0, cut));
                        right.push(sub_part(text, origin, cut, text.len()));
                    }
                }
            }
        }
        (left, right)
    }

    /// The string without its last `n` known bytes (which must end the last part).
    pub fn drop_last(&self, n: usize) -> SymStr {
        let mut out = self.clone();
        if let Some(Part::Text { text, origin }) = out.parts.last().cloned() {
            out.parts.pop();
            let keep = text.len().saturating_sub(n);
            out.push(sub_part(&text, &origin, 0, keep));
        }
        out
    }

    /// Flattened known text with symbols dropped (for searching separators).
    pub fn known_parts_text(&self) -> String {
        let mut out = String::new();
        for p in &self.parts {
            if let Part::Text { text, .. } = p {
                out.push_str(text);
            }
        }
        out
    }

    /// The symbols of this string.
    pub fn symbols(&self) -> impl Iterator<Item = &Symbol> {
        self.parts.iter().filter_map(|p| match p {
            Part::Sym(s) => Some(s),
            Part::Text { .. } => None,
        })
    }
}

/// How an issuer host derived from a written ARN or URL is computed (modules strip them
/// implicitly; showing the bare input would misstate the value).
fn host_rendering(shape: &Shape, src: &str) -> String {
    // Only attributes that hold an ARN or a URL by name; a local or a template variable is
    // shown as written, since its value may already be the host.
    let lower = src.to_ascii_lowercase();
    let attribute =
        !lower.starts_with("local.") && !lower.starts_with("var.") && lower.contains('.');
    match shape {
        Shape::IssuerHost(_)
            if attribute && (lower.ends_with("_arn") || lower.ends_with(".arn")) =>
        {
            format!("replace({src}, \"/^(.*provider/)/\", \"\")")
        }
        Shape::IssuerHost(_)
            if attribute
                && (lower.ends_with("_url")
                    || lower.ends_with(".url")
                    || lower.ends_with(".issuer")) =>
        {
            format!("trimprefix({src}, \"https://\")")
        }
        _ => src.to_string(),
    }
}

/// A sub-range of a text part, keeping its origin exact where possible.
pub fn sub_part(text: &str, origin: &Origin, start: usize, end: usize) -> Part {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let origin = match origin {
        Origin::Exact(s) => Origin::Exact(Span::new(s.file, s.start + start..s.start + end)),
        Origin::Derived(s) => Origin::Derived(*s),
        Origin::Mapped { file, offsets } => Origin::Mapped {
            file: *file,
            offsets: offsets
                .get(start..end)
                .map(<[_]>::to_vec)
                .unwrap_or_default(),
        },
    };
    Part::Text {
        text: text[start..end].to_string(),
        origin,
    }
}

/// A reference Terraform refuses because it reads an attribute of a list of nested blocks
/// (`aws_eks_cluster.X.identity.oidc.issuer`: "Can't access attributes on a list of objects").
/// The evaluator records it and reads the reference as meant (`identity[0].oidc[0].issuer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnindexedBlockAccess {
    /// The steps from the first nested block to the attribute (`identity.oidc.issuer`).
    pub span: Span,
    /// The whole reference as written.
    pub reference: String,
    /// The text that replaces `span` to index every block, when the steps are written plainly
    /// (no comments or line breaks between them).
    pub indexed: Option<String>,
}

/// An evaluated HCL or JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Strings, and numbers and booleans as their text.
    Str(SymStr, Span),
    Null(Span),
    List(Vec<Value>, Span),
    /// Entries in source order; keys may be symbolic.
    Object(Vec<(SymStr, Span, Value)>, Span),
    /// `data.aws_iam_policy_document.NAME.json`.
    PolicyDocument(String, Span),
    Unknown(Span),
}

impl Value {
    /// Calls `f` on every symbol in the value (nested lists, objects and JSON texts too).
    pub fn map_symbols(&mut self, f: &mut dyn FnMut(&mut Symbol)) {
        match self {
            Value::Str(s, _) => s.map_symbols(f),
            Value::List(items, _) => items.iter_mut().for_each(|v| v.map_symbols(f)),
            Value::Object(entries, _) => {
                for (key, _, v) in entries {
                    key.map_symbols(f);
                    v.map_symbols(f);
                }
            }
            Value::Null(_) | Value::PolicyDocument(..) | Value::Unknown(_) => {}
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Value::Str(_, s)
            | Value::Null(s)
            | Value::List(_, s)
            | Value::Object(_, s)
            | Value::PolicyDocument(_, s)
            | Value::Unknown(s) => *s,
        }
    }

    pub fn as_str(&self) -> Option<&SymStr> {
        match self {
            Value::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// Nodes in this value, the cost of copying it: a string counts its parts and a node per
    /// 64 bytes of text, so a long string reused many times is not free.
    pub fn size(&self) -> usize {
        match self {
            Value::Str(s, _) => s.size(),
            Value::List(items, _) => 1 + items.iter().map(Value::size).sum::<usize>(),
            Value::Object(entries, _) => {
                1 + entries
                    .iter()
                    .map(|(k, _, v)| k.size() + v.size())
                    .sum::<usize>()
            }
            Value::Null(_) | Value::PolicyDocument(..) | Value::Unknown(_) => 1,
        }
    }

    /// Known text of a string value.
    pub fn known_text(&self) -> Option<String> {
        self.as_str().and_then(SymStr::known)
    }

    /// Looks up an object entry by known key (case-sensitive, as HCL and JSON are).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries, _) => entries
                .iter()
                .find(|(k, _, _)| k.known().as_deref() == Some(key))
                .map(|(_, _, v)| v),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f() -> FileId {
        FileId(0)
    }

    #[test]
    fn span_of_maps_through_text_and_symbols() {
        let mut s = SymStr::symbol(Shape::Account, Span::new(f(), 0..5));
        s.push(Part::Text {
            text: ":sub".into(),
            origin: Origin::Exact(Span::new(f(), 10..14)),
        });
        assert_eq!(s.span_of(1, 4), Some(Span::new(f(), 11..14)));
        // A symbol at the cut goes right; one before it goes left.
        let (l, r) = s.split_at(0);
        assert!(l.parts.is_empty() && r.parts.len() == 2);
        let (l, r) = s.split_at(1);
        assert!(l.parts.len() == 2 && r.known().as_deref() == Some("sub"));
        assert_eq!(l.drop_last(1).parts.len(), 1);
    }

    #[test]
    fn mapped_origin_sub_span() {
        let o = Origin::Mapped {
            file: f(),
            offsets: vec![(4, 5), (5, 7), (7, 8)],
        };
        assert_eq!(o.sub_span(1, 3), Span::new(f(), 5..8));
    }
}
