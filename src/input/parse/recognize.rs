//! A byte-level recognizer for the `.tf` files no rule reads: it says, without building a
//! syntax tree, that [`super::parse_loaded`] would accept a text, so such a file need not be
//! parsed at all. It answers `false` whenever it is not sure; the caller then parses the file,
//! which gives the exact diagnostic.
//!
//! It follows hcl-edit's parser (`vendor/hcl-edit/src/parser`) construct by construct, with
//! its newline rules (an expression goes on over newlines inside `(...)`, `[...]`, calls and
//! interpolations, and after an array, a call or an object `for` as its first term), but only
//! over a subset of HCL: ASCII identifiers, no provider functions (`a::b()`), no unusual
//! spacing (after `.`, around `for`, `in`, `if`), no file over
//! [`super::blocks::SPARSE_ABOVE`]. The subset is also one where
//! [`super::strings::unterminated_string`] reads strings and heredocs as hcl-edit does: quoted
//! strings hold no newline, and a heredoc has no line before its end that the scanner there
//! would take for the end. That scan still runs after a text is accepted (it is part of what
//! `parse_loaded` checks, so the answer never rests on reading it right), at about half the
//! throughput (490 MB/s alone, 290 with it; hcl-edit parses 30–50 MB/s).

use super::blocks::SPARSE_ABOVE;

/// Nesting the recognizer follows. Each of its levels is at most one of hcl-edit's
/// (`parser/nesting.rs`, 64 at most), so it never accepts what hcl-edit refuses as too deep.
const MAX_DEPTH: usize = 48;
/// Binary operators in one attribute value; hcl-edit refuses more than 128 on one path.
const MAX_OPERATORS: usize = 120;
/// Attributes of one body; their names are compared one by one.
const MAX_ATTRIBUTES: usize = 4096;
/// Digits of a number literal: far from any that would not fit an `f64`.
const MAX_DIGITS: usize = 100;

/// True only when parsing `text` as a `.tf` file would succeed.
pub fn parses_cleanly(text: &str) -> bool {
    // Large files are parsed block by block (blocks.rs); that path is left to the parser.
    if text.len() > SPARSE_ABOVE {
        return false;
    }
    let mut r = Recognizer {
        b: text.as_bytes(),
        i: 0,
        depth: 0,
        operators: 0,
        names: Vec::new(),
    };
    // parse_loaded reads a byte order mark as spaces.
    if r.b.starts_with(b"\xef\xbb\xbf") {
        r.i = 3;
    }
    r.body(true).is_some() && super::strings::unterminated_string(text).is_none()
}

/// Which template a literal belongs to: its end, and what it may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Template {
    /// A quoted string: `"` ends it, `\` escapes.
    Quoted,
    /// A heredoc body (delimiter start and end in the text): a line holding the delimiter
    /// ends it.
    Heredoc(usize, usize),
    /// The body of a `%{ if }`/`%{ for }`, in a quoted string (`true`) or a heredoc: it ends
    /// at the next directive only, so `"` and `\` are plain text to hcl-edit. In a quoted
    /// string, where unterminated_string reads `\` as an escape and `"` as the end, only `\"`
    /// and `\\` are accepted, and no newline.
    DirectiveIn(bool),
}

/// What ended a directive body.
#[derive(PartialEq, Eq)]
enum Closer {
    Else,
    Endif,
    Endfor,
}

struct Recognizer<'a> {
    b: &'a [u8],
    i: usize,
    depth: usize,
    /// Binary operators in the current attribute value.
    operators: usize,
    /// Attribute names of the open bodies, innermost last (each body knows where its own
    /// names begin).
    names: Vec<&'a [u8]>,
}

/// `None` is "not sure"; `?` carries it out.
type Sure = Option<()>;

fn is_id_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_id_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Whether `unterminated_string` (strings.rs) takes `line` (without its `\n`) for the end of
/// a heredoc with this delimiter: the line trimmed as `str::trim` does. Such a line before
/// the one hcl-edit ends at (in an interpolation or a directive body, or with Unicode white
/// space) would make the two read the rest differently.
fn ends_heredoc_for_strings(line: &[u8], delimiter: &[u8]) -> bool {
    if line.len() < delimiter.len() {
        return false;
    }
    let is_space = |c: &u8| matches!(c, b'\t'..=b'\r' | b' ');
    let start = line.iter().position(|c| !is_space(c)).unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|c| !is_space(c))
        .map_or(start, |e| e + 1);
    let trimmed = line.get(start..end).unwrap_or_default();
    match (trimmed.first(), trimmed.last()) {
        // Non-ASCII at an end may be Unicode white space.
        (Some(first), Some(last)) if !first.is_ascii() || !last.is_ascii() => {
            std::str::from_utf8(line).is_ok_and(|l| l.trim().as_bytes() == delimiter)
        }
        _ => trimmed == delimiter,
    }
}

fn yes(ok: bool) -> Sure {
    ok.then_some(())
}

impl<'a> Recognizer<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.b.get(self.i + offset).copied()
    }

    fn starts(&self, s: &[u8]) -> bool {
        self.b.get(self.i..).is_some_and(|rest| rest.starts_with(s))
    }

    fn eat(&mut self, c: u8) -> Sure {
        yes(self.peek() == Some(c))?;
        self.i += 1;
        Some(())
    }

    fn enter(&mut self) -> Sure {
        self.depth += 1;
        yes(self.depth <= MAX_DEPTH)
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // --- trivia ---------------------------------------------------------------------------

    /// hcl-edit's `sp`: spaces, tabs and `/* */` comments.
    fn sp(&mut self) -> Sure {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.i += 1,
                Some(b'/') if self.at(1) == Some(b'*') => self.inline_comment()?,
                _ => return Some(()),
            }
        }
    }

    /// hcl-edit's `ws`: white space, newlines and every kind of comment.
    fn ws(&mut self) -> Sure {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n') => self.i += 1,
                Some(b'\r') => self.line_ending()?,
                Some(b'/') if self.at(1) == Some(b'*') => self.inline_comment()?,
                Some(b'#') => self.line_comment()?,
                Some(b'/') if self.at(1) == Some(b'/') => self.line_comment()?,
                _ => return Some(()),
            }
        }
    }

    /// White space between the tokens of an expression: newlines only where allowed.
    fn gap(&mut self, newlines: bool) -> Sure {
        if newlines { self.ws() } else { self.sp() }
    }

    fn inline_comment(&mut self) -> Sure {
        let rest = self.b.get(self.i + 2..)?;
        let end = rest.windows(2).position(|w| w == b"*/")?;
        self.i += 2 + end + 2;
        Some(())
    }

    /// A `#` or `//` comment up to (not over) its line ending.
    fn line_comment(&mut self) -> Sure {
        while let Some(c) = self.peek() {
            match c {
                b'\n' => break,
                // A carriage return must end the line (winnow's `till_line_ending`).
                b'\r' => {
                    yes(self.at(1) == Some(b'\n'))?;
                    break;
                }
                _ => self.i += 1,
            }
        }
        Some(())
    }

    fn opt_line_comment(&mut self) -> Sure {
        match self.peek() {
            Some(b'#') => self.line_comment(),
            Some(b'/') if self.at(1) == Some(b'/') => self.line_comment(),
            _ => Some(()),
        }
    }

    fn line_ending(&mut self) -> Sure {
        if self.starts(b"\r\n") {
            self.i += 2;
            return Some(());
        }
        self.eat(b'\n')
    }

    fn at_line_ending(&self) -> bool {
        self.peek() == Some(b'\n') || self.starts(b"\r\n")
    }

    /// An ASCII identifier; a non-ASCII byte after it might continue it, so that is refused.
    fn ident(&mut self) -> Option<&'a [u8]> {
        let start = self.i;
        yes(self.peek().is_some_and(is_id_start))?;
        while self.peek().is_some_and(is_id_continue) {
            self.i += 1;
        }
        yes(self.peek().is_none_or(|c| c.is_ascii()))?;
        self.b.get(start..self.i)
    }

    /// `word` as a keyword: followed by white space, or by `(` when an expression follows
    /// (`in(local.a)`). hcl-edit does not always ask for a boundary; the recognizer does.
    fn keyword(&mut self, word: &[u8]) -> bool {
        let paren_ok = word == b"in" || word == b"if";
        if self.starts(word)
            && match self.at(word.len()) {
                Some(b' ' | b'\t' | b'\n') => true,
                Some(b'(') => paren_ok,
                _ => false,
            }
        {
            self.i += word.len();
            return true;
        }
        false
    }

    // --- structure --------------------------------------------------------------------------

    /// A body: the file's (`top`) up to its end, or a block's up to its `}` (not consumed).
    fn body(&mut self, top: bool) -> Sure {
        let first_name = self.names.len();
        loop {
            self.ws()?;
            match self.peek() {
                None if top => break,
                Some(b'}') if !top => break,
                _ => {}
            }
            self.structure(first_name)?;
            self.sp()?;
            self.opt_line_comment()?;
            if top && self.peek().is_none() {
                break;
            }
            self.line_ending()?;
        }
        self.names.truncate(first_name);
        Some(())
    }

    fn structure(&mut self, first_name: usize) -> Sure {
        let name = self.ident()?;
        self.sp()?;
        match self.peek()? {
            b'=' => {
                let names = self.names.get(first_name..)?;
                // hcl-edit refuses a repeated attribute key within one body.
                yes(names.len() < MAX_ATTRIBUTES && !names.contains(&name))?;
                self.names.push(name);
                self.attribute_value()
            }
            b'{' => self.block_body(),
            c if c == b'"' || is_id_start(c) => {
                while let Some(c) = self.peek() {
                    if c == b'"' {
                        self.label()?;
                    } else if is_id_start(c) {
                        self.ident()?;
                    } else {
                        break;
                    }
                    self.sp()?;
                }
                self.block_body()
            }
            _ => None,
        }
    }

    /// `= expression`, the `=` next.
    fn attribute_value(&mut self) -> Sure {
        self.eat(b'=')?;
        self.sp()?;
        self.operators = 0;
        self.expr(false)
    }

    /// A block label in quotes: a string without templates.
    fn label(&mut self) -> Sure {
        self.eat(b'"')?;
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => self.escape()?,
                b'\n' | b'\r' => return None,
                b'$' | b'%' if self.at(1) == Some(b'{') => return None,
                c @ (b'$' | b'%') if self.at(1) == Some(c) && self.at(2) == Some(b'{') => {
                    self.i += 3;
                }
                _ => self.i += 1,
            }
        }
    }

    fn block_body(&mut self) -> Sure {
        self.enter()?;
        self.eat(b'{')?;
        self.sp()?;
        self.opt_line_comment()?;
        if self.at_line_ending() {
            self.line_ending()?;
            self.body(false)?;
        } else if self.peek().is_some_and(is_id_start) {
            // A one-line block holds one attribute at most.
            self.ident()?;
            self.sp()?;
            yes(self.at(1) != Some(b'='))?;
            self.attribute_value()?;
            self.sp()?;
        }
        self.eat(b'}')?;
        self.leave();
        Some(())
    }

    // --- expressions ------------------------------------------------------------------------

    /// An expression: terms joined by binary operators, maybe a conditional. `newlines` is
    /// hcl-edit's `allow_newlines` of the expression's parse state: whether it skips newlines
    /// (and comments) between tokens. An array, a function call or an object `for` as the
    /// first term turns it on for the rest of the expression, as in hcl-edit; operands and
    /// branches start from a copy.
    fn expr(&mut self, mut newlines: bool) -> Sure {
        self.enter()?;
        self.term(&mut newlines)?;
        loop {
            let before = self.i;
            self.gap(newlines)?;
            match self.peek() {
                Some(b'?') => {
                    self.i += 1;
                    self.gap(newlines)?;
                    self.expr(newlines)?;
                    self.gap(newlines)?;
                    self.eat(b':')?;
                    self.gap(newlines)?;
                    self.expr(newlines)?;
                    break;
                }
                _ => {
                    let Some(len) = self.binary_operator()? else {
                        self.i = before;
                        break;
                    };
                    self.operators += 1;
                    yes(self.operators <= MAX_OPERATORS)?;
                    self.i += len;
                    self.gap(newlines)?;
                    let mut operand = newlines;
                    self.term(&mut operand)?;
                }
            }
        }
        self.leave();
        Some(())
    }

    /// The length of the binary operator here, `Some(None)` when none is (the expression
    /// ends), `None` for a lone `!`, `&` or `|` (hcl-edit fails there).
    fn binary_operator(&self) -> Option<Option<usize>> {
        let next = self.at(1);
        Some(match self.peek() {
            Some(b'=') if next == Some(b'=') => Some(2),
            Some(b'!') if next == Some(b'=') => Some(2),
            Some(b'!') => return None,
            Some(b'<' | b'>') if next == Some(b'=') => Some(2),
            // `<<<EOF`: unterminated_string would not see the heredoc.
            Some(b'<') if next == Some(b'<') => return None,
            Some(b'<' | b'>' | b'+' | b'-' | b'*' | b'%') => Some(1),
            Some(b'/') if matches!(next, Some(b'/' | b'*')) => None,
            Some(b'/') => Some(1),
            Some(b'&') if next == Some(b'&') => Some(2),
            Some(b'|') if next == Some(b'|') => Some(2),
            Some(b'&' | b'|') => return None,
            _ => None,
        })
    }

    /// A term: an operand with its traversals (`.a`, `[0]`, `.*`, `[*]`).
    fn term(&mut self, newlines: &mut bool) -> Sure {
        match self.peek()? {
            b'"' => self.template_string()?,
            b'[' => {
                *newlines = true;
                self.array()?;
            }
            b'{' => self.object(newlines)?,
            b'0'..=b'9' => self.number()?,
            b'<' => self.heredoc()?,
            b'-' | b'!' => {
                // A negative number or a unary operator on a term: hcl-edit nests either.
                self.enter()?;
                self.i += 1;
                self.sp()?;
                let mut operand = *newlines;
                self.term(&mut operand)?;
                self.leave();
            }
            b'(' => {
                self.enter()?;
                self.i += 1;
                self.ws()?;
                self.expr(true)?;
                self.ws()?;
                self.eat(b')')?;
                self.leave();
            }
            c if is_id_start(c) => self.identlike(newlines)?,
            _ => return None,
        }
        loop {
            let before = self.i;
            self.gap(*newlines)?;
            match self.peek() {
                Some(b'.') if self.at(1) != Some(b'.') => {
                    self.i += 1;
                    match self.peek()? {
                        b'*' => self.i += 1,
                        b'0'..=b'9' => {
                            let start = self.i;
                            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                                self.i += 1;
                            }
                            // A legacy index is a `u64` (winnow's `dec_uint`: no leading zero).
                            yes(self.i - start <= 18)?;
                            yes(self.b.get(start) != Some(&b'0') || self.i - start == 1)?;
                            yes(!self
                                .peek()
                                .is_some_and(|c| is_id_continue(c) || !c.is_ascii()))?;
                        }
                        _ => {
                            self.ident()?;
                        }
                    }
                }
                Some(b'[') => {
                    self.enter()?;
                    self.i += 1;
                    self.ws()?;
                    if self.peek() == Some(b'*') {
                        self.i += 1;
                    } else {
                        self.expr(true)?;
                    }
                    self.ws()?;
                    self.eat(b']')?;
                    self.leave();
                }
                _ => {
                    self.i = before;
                    return Some(());
                }
            }
        }
    }

    /// A variable, keyword or function call.
    fn identlike(&mut self, newlines: &mut bool) -> Sure {
        self.ident()?;
        let before = self.i;
        self.gap(*newlines)?;
        // Provider functions (`provider::name::f()`) are left to the parser.
        yes(!self.starts(b"::"))?;
        if self.peek() != Some(b'(') {
            self.i = before;
            return Some(());
        }
        *newlines = true;
        self.enter()?;
        self.i += 1;
        self.ws()?;
        if self.eat(b')').is_some() {
            self.leave();
            return Some(());
        }
        loop {
            yes(!matches!(self.peek(), Some(b',' | b'.' | b')')))?;
            self.expr(true)?;
            self.ws()?;
            match self.peek()? {
                b',' => {
                    self.i += 1;
                    self.ws()?;
                    if self.peek() == Some(b')') {
                        break;
                    }
                }
                b'.' => {
                    yes(self.starts(b"..."))?;
                    self.i += 3;
                    self.ws()?;
                    break;
                }
                b')' => break,
                _ => return None,
            }
        }
        self.eat(b')')?;
        self.leave();
        Some(())
    }

    /// A number: digits, maybe a fraction, maybe a short exponent (so it stays finite).
    fn number(&mut self) -> Sure {
        let start = self.i;
        self.digits()?;
        if self.peek() == Some(b'.') && self.at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let exponent = self.i;
            self.digits()?;
            yes(self.i - exponent <= 2)?;
        }
        yes(self.i - start <= MAX_DIGITS)?;
        // `1.x`, `1x`: traversals of a number or worse; left to the parser.
        yes(!self
            .peek()
            .is_some_and(|c| c == b'.' || c == b'_' || c.is_ascii_alphanumeric() || !c.is_ascii()))
    }

    fn digits(&mut self) -> Sure {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        yes(self.i > start)
    }

    /// After `[` or `{`: a `for` expression's intro follows (hcl-edit looks for `for` and a
    /// space, `#`, `/` or newline; `for` and anything else that is not an identifier's next
    /// character is refused).
    fn for_follows(&self) -> Option<bool> {
        let mut probe = Recognizer {
            b: self.b,
            i: self.i,
            depth: 0,
            operators: 0,
            names: Vec::new(),
        };
        probe.ws()?;
        if !probe.starts(b"for") {
            return Some(false);
        }
        match probe.at(3) {
            Some(b' ' | b'\t' | b'\n') => Some(true),
            Some(c) if is_id_continue(c) => Some(false),
            _ => None,
        }
    }

    /// `for k, v in collection :`, from the white space before `for`.
    fn for_intro(&mut self) -> Sure {
        self.ws()?;
        yes(self.keyword(b"for"))?;
        self.ws()?;
        self.for_head()?;
        self.eat(b':')
    }

    /// `k, v in collection` and the white space after, from after `for` and its white space
    /// (in a `for` expression and a `%{ for }` directive alike).
    fn for_head(&mut self) -> Sure {
        self.ident()?;
        self.ws()?;
        if self.eat(b',').is_some() {
            self.ws()?;
            self.ident()?;
            self.ws()?;
        }
        yes(self.keyword(b"in"))?;
        self.ws()?;
        self.expr(false)?;
        self.ws()
    }

    /// ` if condition` of a `for` expression, if there.
    fn for_cond(&mut self) -> Sure {
        self.ws()?;
        if self.keyword(b"if") {
            self.ws()?;
            self.expr(true)?;
            self.ws()?;
        }
        Some(())
    }

    fn array(&mut self) -> Sure {
        self.enter()?;
        self.eat(b'[')?;
        if self.for_follows()? {
            self.for_intro()?;
            self.ws()?;
            self.expr(true)?;
            self.for_cond()?;
        } else {
            loop {
                self.ws()?;
                if self.peek() == Some(b']') {
                    break;
                }
                self.expr(true)?;
                self.ws()?;
                if self.eat(b',').is_none() {
                    break;
                }
            }
        }
        self.eat(b']')?;
        self.leave();
        Some(())
    }

    fn object(&mut self, newlines: &mut bool) -> Sure {
        self.enter()?;
        self.eat(b'{')?;
        if self.for_follows()? {
            *newlines = true;
            self.for_intro()?;
            self.ws()?;
            self.expr(false)?;
            self.ws()?;
            yes(self.starts(b"=>"))?;
            self.i += 2;
            self.ws()?;
            self.expr(false)?;
            self.ws()?;
            if self.starts(b"...") {
                self.i += 3;
            }
            self.for_cond()?;
        } else {
            self.object_items()?;
        }
        self.eat(b'}')?;
        self.leave();
        Some(())
    }

    /// Object items up to the closing `}` (not consumed).
    fn object_items(&mut self) -> Sure {
        let mut after_newline = false;
        loop {
            self.ws()?;
            match self.peek()? {
                b'}' => return Some(()),
                c if is_id_start(c) => {
                    self.enter()?;
                    self.ident()?;
                    self.leave();
                }
                b'"' => {
                    self.enter()?;
                    self.template_string()?;
                    self.leave();
                }
                // After a newline, `(` could be read as the call of a function named at the
                // end of the value before (hcl-edit skips newlines after a call or array).
                b'(' if !after_newline => {
                    self.enter()?;
                    self.term(&mut false)?;
                    self.leave();
                }
                _ => return None,
            }
            self.sp()?;
            match self.peek()? {
                b'=' => yes(self.at(1) != Some(b'='))?,
                b':' => yes(self.at(1) != Some(b':'))?,
                _ => return None,
            }
            self.i += 1;
            self.sp()?;
            self.expr(false)?;
            self.sp()?;
            match self.peek()? {
                b'}' => return Some(()),
                b',' => {
                    self.i += 1;
                    after_newline = false;
                }
                b'#' | b'/' => {
                    self.opt_line_comment()?;
                    self.line_ending()?;
                    after_newline = true;
                }
                _ => {
                    self.line_ending()?;
                    after_newline = true;
                }
            }
        }
    }

    // --- templates --------------------------------------------------------------------------

    fn escape(&mut self) -> Sure {
        self.eat(b'\\')?;
        let hex = match self.peek()? {
            b'n' | b'r' | b't' | b'\\' | b'"' => 0,
            b'u' => 4,
            b'U' => 8,
            _ => return None,
        };
        self.i += 1;
        let digits = self.b.get(self.i..self.i + hex)?;
        let mut code = 0u32;
        for &d in digits {
            code = code * 16 + char::from(d).to_digit(16)?;
        }
        yes(char::from_u32(code).is_some())?;
        self.i += hex;
        Some(())
    }

    fn template_string(&mut self) -> Sure {
        self.eat(b'"')?;
        self.template(Template::Quoted)?;
        self.eat(b'"')
    }

    /// Literal text, interpolations and directives up to the template's end, which is left
    /// for the caller; a directive body returns what ended it (its `%{ … }` consumed).
    fn template(&mut self, kind: Template) -> Option<Option<Closer>> {
        let mut line_start = matches!(kind, Template::Heredoc(..));
        let mut first_line = true;
        loop {
            if line_start {
                line_start = false;
                if let Template::Heredoc(start, end) = kind
                    && self.heredoc_end(start, end)?
                {
                    // The first line cannot end it (hcl-edit wants a newline before).
                    yes(!first_line)?;
                    return Some(None);
                }
                first_line = false;
            }
            let c = self.peek()?;
            match c {
                b'"' if kind == Template::Quoted => return Some(None),
                // hcl-edit reads `\"` here as two characters, unterminated_string as an
                // escaped quote: both go on with the body. A lone `"` is refused.
                b'\\' if kind == Template::DirectiveIn(true) => {
                    yes(matches!(self.at(1), Some(b'"' | b'\\')))?;
                    self.i += 2;
                }
                b'"' if kind == Template::DirectiveIn(true) => return None,
                b'\\' if kind == Template::Quoted => self.escape()?,
                b'\n' => {
                    yes(!matches!(
                        kind,
                        Template::Quoted | Template::DirectiveIn(true)
                    ))?;
                    self.i += 1;
                    line_start = true;
                }
                b'\r' => {
                    yes(!matches!(
                        kind,
                        Template::Quoted | Template::DirectiveIn(true)
                    ))?;
                    yes(self.at(1) == Some(b'\n'))?;
                    self.i += 1;
                }
                b'$' | b'%' if self.at(1) == Some(c) && self.at(2) == Some(b'{') => self.i += 3,
                b'$' if self.at(1) == Some(b'{') => self.interpolation()?,
                b'%' if self.at(1) == Some(b'{') => {
                    if let Some(closer) = self.directive(kind)? {
                        yes(matches!(kind, Template::DirectiveIn(_)))?;
                        return Some(Some(closer));
                    }
                }
                _ => self.i += 1,
            }
        }
    }

    /// At a heredoc line's start: whether it closes the heredoc (then the position is after
    /// the delimiter). A line that hcl-edit would end at but that holds more than the
    /// delimiter is refused.
    fn heredoc_end(&mut self, start: usize, end: usize) -> Option<bool> {
        let delimiter = self.b.get(start..end)?;
        let mut j = self.i;
        while matches!(self.b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if !self
            .b
            .get(j..)
            .is_some_and(|rest| rest.starts_with(delimiter))
        {
            return Some(false);
        }
        let after = j + delimiter.len();
        match self.b.get(after) {
            Some(&c) if is_id_continue(c) => return Some(false),
            Some(&c) if !c.is_ascii() => return None,
            _ => {}
        }
        let mut k = after;
        while matches!(self.b.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        match self.b.get(k) {
            None | Some(b'\n') => {}
            Some(b'\r') if self.b.get(k + 1) == Some(&b'\n') => {}
            _ => return None,
        }
        self.i = after;
        Some(true)
    }

    fn interpolation(&mut self) -> Sure {
        self.enter()?;
        self.i += 2;
        if self.peek() == Some(b'~') {
            self.i += 1;
        }
        self.ws()?;
        self.expr(true)?;
        self.ws()?;
        self.control_end()?;
        self.leave();
        Some(())
    }

    /// `~}` or `}`.
    fn control_end(&mut self) -> Sure {
        if self.peek() == Some(b'~') {
            self.i += 1;
        }
        self.eat(b'}')
    }

    /// `%{` here. An `if`/`for` directive is read whole (`None` returned); `else`, `endif`
    /// and `endfor` are returned for the body they end.
    fn directive(&mut self, kind: Template) -> Option<Option<Closer>> {
        self.i += 2;
        if self.peek() == Some(b'~') {
            self.i += 1;
        }
        self.ws()?;
        if self.keyword(b"if") {
            self.ws()?;
            self.expr(false)?;
            self.ws()?;
            self.control_end()?;
            let body = self.directive_body(kind)?;
            let body = if body == Closer::Else {
                self.directive_body(kind)?
            } else {
                body
            };
            yes(body == Closer::Endif)?;
            return Some(None);
        }
        if self.keyword(b"for") {
            self.ws()?;
            self.for_head()?;
            self.control_end()?;
            yes(self.directive_body(kind)? == Closer::Endfor)?;
            return Some(None);
        }
        let closer = [
            (&b"else"[..], Closer::Else),
            (b"endif", Closer::Endif),
            (b"endfor", Closer::Endfor),
        ]
        .into_iter()
        .find(|(word, _)| {
            self.starts(word)
                && matches!(
                    self.at(word.len()),
                    Some(b' ' | b'\t' | b'\n' | b'~' | b'}')
                )
        });
        let (word, closer) = closer?;
        self.i += word.len();
        self.ws()?;
        self.control_end()?;
        Some(Some(closer))
    }

    /// A directive's body, up to and with the `%{ else }`, `%{ endif }` or `%{ endfor }`
    /// that ends it.
    fn directive_body(&mut self, kind: Template) -> Option<Closer> {
        self.enter()?;
        let quoted = matches!(kind, Template::Quoted | Template::DirectiveIn(true));
        let closer = self.template(Template::DirectiveIn(quoted))??;
        self.leave();
        Some(closer)
    }

    fn heredoc(&mut self) -> Sure {
        yes(self.starts(b"<<"))?;
        self.i += 2;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let start = self.i;
        let delimiter = self.ident()?;
        // unterminated_string reads a delimiter up to its first `-`.
        yes(!delimiter.contains(&b'-'))?;
        let end = self.i;
        self.line_ending()?;
        let body = self.i;
        yes(self.template(Template::Heredoc(start, end))?.is_none())?;
        // The closing line starts after the last newline before its delimiter.
        let closing = self.b.get(..self.i)?.iter().rposition(|&c| c == b'\n')? + 1;
        yes(!self
            .b
            .get(body..closing)?
            .split(|&c| c == b'\n')
            .any(|line| ends_heredoc_for_strings(line, delimiter)))
    }
}

#[cfg(test)]
mod tests {
    use super::parses_cleanly;
    use crate::base::source::Sources;
    use std::path::PathBuf;

    fn parser_accepts(text: &str) -> bool {
        let sources = Sources::new();
        let id = sources.add(PathBuf::from("main.tf"), text.to_owned());
        super::super::parse_loaded(&sources, id).is_ok()
    }

    /// Every construct the recognizer follows.
    const ACCEPTED: &[&str] = &[
        "",
        "\n\n",
        "# only a comment",
        "// a comment\n/* and\n another */\n",
        "a = 1",
        "a = 1\n",
        "a = 1 # trailing\nb = 2 // trailing\nc = 3 /* inline */\n",
        "a = 1\r\nb = \"x\"\r\n",
        "\u{feff}a = 1\n",
        "resource \"aws_iam_role\" \"r\" {\n  name = \"r\"\n}\n",
        "resource aws_iam_role r {\n}\n",
        "b {}\nb { }\nb { a = 1 }\nb \"x\" { # comment\n}\n",
        "b {\n  c {\n    d = 1\n  }\n  c {\n    d = 2\n  }\n}\n",
        "a = 1\nb {\n  a = 2\n}\n",
        "a = \"\\n\\t\\r\\\\\\\" \\u00e9 \\U0001F600 é $${x} %%{y} $ % $x\"\n",
        "a = \"${var.a}-${local.b[0]}-${~ c ~}\"\n",
        "a = \"${\n  f(x)\n}\"\n",
        "a = \"%{ if x }yes%{ else }no%{ endif }\"\n",
        "a = \"%{~ for s in l ~}${s},%{ endfor ~}\"\n",
        "a = \"%{ for k, v in m }${k}=${v}%{ endfor }\"\n",
        "a = \"[%{ for s in l }\\\"${s}\\\"%{ endfor }]\"\n",
        "a = <<EOF\nline ${x}\n\"quoted\" \\ $${y}\nEOF\n",
        "a = <<-EOT\n  a\n  EOT\nb = 1\n",
        "a = <<EOF\n%{ for x in y ~}\n${x}\n%{ endfor ~}\nEOF\n",
        "a = jsonencode(<<EOF\n{}\nEOF\n)\n",
        "a = [1, 1.5, 1e3, 2.5E-2, -1, - 2, 18446744073709551616]\n",
        "a = x + y * z == w && !v || u != t\nb = x % 2 <= 1 - y / 3 >= 0\nc = x < y\n",
        "a = x ? y : z ? w : v\n",
        "a = a.b[0].c[*].d.*.e[\"k\"].0\n",
        "a = f()\nb = f(x, y,)\nc = f(x...)\nd = f (x)\ne = f(\n  x,\n  y\n)\n",
        "a = [\n  1,\n  2,\n]\nb = []\nc = [\n]\n",
        "a = {\n  (local.k) = 4 # c\n  x = 1\n  \"y\" = 2, z: 3, (k) = 5\n  w = {}\n}\nb = {}\nc = { a = 1, b = 2 }\n",
        "a = {\n  for x in y :\n  f(x) ?\n  1 : 2 => x\n}\n",
        "a = [for x in y : x]\nb = [for i, x in(y) : x if(x != null)]\n",
        "a = {\n  for k, v in m : k => v...\n  if v != null\n}\n",
        "a = (x + y) * (\n  z\n)\n",
        "a = f(x) ?\n  1 :\n  2\n",
        "a = [1] ==\n  [2]\n",
        "a = format == 1\nb = [format]\nc = { for_each = 1 }\n",
        "a = null\nb = true\nc = false\nd = x-y\n",
        "a = <<EOF\n  EOFX\nEOF-x\nEOF\n",
    ];

    /// Texts the parser refuses; the recognizer must too.
    const REFUSED: &[&str] = &[
        "a = 1\na = 2\n",
        "b {\n  a = 1\n  a = 2\n}\n",
        "a = = 1\n",
        "a = [1, 2\n",
        "a = {\n",
        "b {\n",
        "a = \"\\q\"\n",
        "a = \"\\u12\"\n",
        "a = \"\\ud800\"\n",
        "a = <<EOF\nx\n",
        "a = <<EOF x\nEOF\n",
        "a = \"x\ny\"\n",
        "a = b c\n",
        "a = 1 b = 2\n",
        "b {\n  a = 1 }\n",
        "b { a = 1\n}\n",
        "b { c {} }\n",
        "a = \"${x\"\n",
        "a = \"${x}\n",
        "a = \"%{ if x }y\"\n",
        "a = \"%{ endif }\"\n",
        "a = \"%{ if x }y%{ endfor }\"\n",
        "a = \"%{ if x }\"%{ endif }\"\n",
        "a = 1e\n",
        "a = x & y\n",
        "a = x | y\n",
        "a = !\n",
        "a = x +\n",
        "a = x\n  + y\n",
        "a = x ?\n  y : z\n",
        "a = [,]\n",
        // A lone carriage return in a comment (winnow's `till_line_ending`).
        "a = 1 # c\rd\n",
        "a = f(,)\n",
        "a = {\n  x = 1\n  x == 2\n}\n",
        "a = { x = 1 y = 2 }\n",
        "a = [for x in y]\n",
        "a = {for k in m : k}\n",
        "a = x.\n",
        "a = x.00\n",
        "a = x[]\n",
        "label \"${x}\" {\n}\n",
        "}\n",
        "a = 1\n}\n",
        "a = \"%{ if x }a%{ else }b%{ else }c%{ endif }\"\n",
        // A call that is not the value's first term does not let it go on over a newline.
        "a = {\n  for k, v in m :\n  k => 1 + f(v)\n  + 1\n}\n",
    ];

    /// Texts the parser accepts that the recognizer leaves to it, out of caution.
    const CAUTIOUS: &[&str] = &[
        // Non-ASCII identifiers.
        "é = 1\n",
        "a = x.é\n",
        // Provider-defined functions.
        "a = provider::p::f(1)\n",
        // White space after `.`.
        "a = x. y\n",
        // `for` followed by `#`, `\r`: hcl-edit reads a `for` expression.
        "a = [for# c\n x in y : x]\n",
        // A heredoc delimiter with a `-`.
        "a = <<END-X\nEND-X\n",
        // A number followed by a traversal.
        "a = 1.x\n",
        // A `(` key after a newline.
        "a = {\n  x = 1\n  (k) = 2\n}\n",
        // A lone carriage return in a string.
        "a = \"c\rd\"\n",
    ];

    /// Texts hcl-edit accepts but `parse_loaded` refuses: unterminated_string ends the heredoc
    /// at the first line that trims to its delimiter (in an interpolation, in a directive
    /// body, with Unicode white space, the first line) or misses it after `<<<`, and then
    /// finds a quote open at a newline.
    const STRINGS_SCAN_DIFFERS: &[&str] = &[
        "a = <<EOF\n${\nEOF\n}\"\nEOF\n",
        "a = <<EOF\n%{ if x }\nEOF\n\"\n%{ endif }\nEOF\n",
        "a = <<EOF\nx\n\u{3000}EOF\n\"\nEOF\n",
        "a = <<EOF\nEOF\n\"\nEOF\n",
        "a = x <<<EOF\n\"\nEOF\n",
    ];

    #[test]
    fn refuses_where_the_strings_scan_reads_heredocs_otherwise() {
        for text in STRINGS_SCAN_DIFFERS {
            assert!(
                hcl_edit::parser::parse_body(text).is_ok(),
                "hcl-edit refuses {text:?}"
            );
            assert!(!parser_accepts(text), "the parser accepts {text:?}");
            assert!(!parses_cleanly(text), "recognized: {text:?}");
        }
    }

    #[test]
    fn accepts_every_supported_construct() {
        for text in ACCEPTED {
            assert!(parser_accepts(text), "the parser refuses {text:?}");
            assert!(parses_cleanly(text), "not recognized: {text:?}");
        }
    }

    #[test]
    fn refuses_what_the_parser_refuses() {
        for text in REFUSED {
            assert!(!parser_accepts(text), "the parser accepts {text:?}");
            assert!(!parses_cleanly(text), "recognized: {text:?}");
        }
    }

    #[test]
    fn refuses_unusual_forms_out_of_caution() {
        for text in CAUTIOUS {
            assert!(parser_accepts(text), "the parser refuses {text:?}");
            assert!(!parses_cleanly(text), "recognized: {text:?}");
        }
    }

    /// Pieces the mutations below insert: every construct's opening and closing tokens.
    const PIECES: &[&str] = &[
        "\"",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "${",
        "%{",
        "~",
        "=",
        "==",
        "\n",
        "\r\n",
        "#",
        "//",
        "/*",
        "*/",
        "<<EOF\n",
        "\nEOF\n",
        "<<-EOT\n",
        "EOT",
        "\\",
        ",",
        ":",
        "?",
        "=>",
        "...",
        ".",
        "*",
        "-",
        "!",
        "&&",
        "%{ else }",
        "%{ endif }",
        "%{ endfor }",
        "%{ if x }",
        "%{ for x in y }",
        "$${",
        "%%{",
        "for ",
        " in ",
        " if ",
        "0",
        "00",
        "e",
        "é",
        "\u{3000}",
        " ",
        "a = 1\n",
        "b {\n",
        "\\u",
        "::",
    ];

    /// Dense, small texts: every case above mutated many times (deterministic), and the
    /// recognizer never accepting a mutant the parser refuses.
    #[test]
    fn never_accepts_a_mutated_case_the_parser_refuses() {
        let mut state = 0x5eed_u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % n.max(1)
        };
        let mut accepted = 0;
        let cases = ACCEPTED
            .iter()
            .chain(REFUSED)
            .chain(CAUTIOUS)
            .chain(STRINGS_SCAN_DIFFERS);
        for text in cases {
            for _ in 0..300 {
                let mut mutant = (*text).to_owned();
                for _ in 0..1 + next(3) {
                    let mut at = next(mutant.len() + 1);
                    while !mutant.is_char_boundary(at) {
                        at -= 1;
                    }
                    if next(4) == 0 {
                        let end = (at + 1 + next(3)).min(mutant.len());
                        if mutant.is_char_boundary(end) {
                            mutant.replace_range(at..end, "");
                        }
                    } else {
                        mutant.insert_str(at, PIECES[next(PIECES.len())]);
                    }
                }
                if parses_cleanly(&mutant) {
                    accepted += 1;
                    assert!(parser_accepts(&mutant), "recognized: {mutant:?}");
                }
            }
        }
        assert!(accepted > 1000, "accepted mutants: {accepted}");
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        for open in ["[", "(", "{ a = ", "-", "!", "\"${"] {
            let text = format!("a = {}\n", open.repeat(10_000));
            assert!(!parses_cleanly(&text));
        }
        // Past hcl-edit's limit of 64 levels, closed properly: the parser refuses it too.
        let deep = format!("a = {}{}\n", "[".repeat(70), "]".repeat(70));
        assert!(!parser_accepts(&deep));
        assert!(!parses_cleanly(&deep));
        let blocks = format!("{}{}", "b {\n".repeat(70), "}\n".repeat(70));
        assert!(!parser_accepts(&blocks));
        assert!(!parses_cleanly(&blocks));
        // Nesting the recognizer follows.
        let shallow = format!("a = {}{}\n", "[".repeat(10), "]".repeat(10));
        assert!(parses_cleanly(&shallow));
    }

    #[test]
    fn refuses_long_operator_chains() {
        // hcl-edit refuses more than 128 chained binary operators.
        let long = format!("a = 1{}\n", " + 1".repeat(200));
        assert!(!parser_accepts(&long));
        assert!(!parses_cleanly(&long));
        let short = format!("a = 1{}\n", " + 1".repeat(20));
        assert!(parses_cleanly(&short));
    }

    #[test]
    fn leaves_large_files_to_the_parser() {
        let mut text = String::new();
        while text.len() <= super::SPARSE_ABOVE {
            text.push_str("b {\n  n = 1\n}\n");
        }
        assert!(text.len() > super::SPARSE_ABOVE);
        assert!(!parses_cleanly(&text));
    }
}
