use super::prelude::*;

use winnow::ascii::{multispace0, space0, till_line_ending};
use winnow::combinator::{alt, delimited, fail, peek, preceded};
use winnow::error::ErrMode;
use winnow::token::{any, take_until};

// `ws` and `sp` are `(multispace0, repeat(0.., (comment, multispace0)))` and
// `(space0, repeat(0.., (inline_comment, space0)))`, written as loops that look at the next
// byte before trying a comment: they run between almost every two tokens, and a failed
// attempt builds and drops a winnow error each time. A comment that fails (an unclosed `/*`)
// ends the loop where it started, as `repeat` does.

pub(super) fn ws(input: &mut Input) -> ModalResult<()> {
    loop {
        multispace0.void().parse_next(input)?;
        if !matches!(input.peek_finish().as_bytes().first(), Some(b'#' | b'/')) {
            return Ok(());
        }
        let before = input.checkpoint();
        match comment.parse_next(input) {
            Ok(()) => {}
            Err(ErrMode::Backtrack(_)) => {
                input.reset(&before);
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
}

pub(super) fn sp(input: &mut Input) -> ModalResult<()> {
    loop {
        space0.void().parse_next(input)?;
        if !input.peek_finish().starts_with("/*") {
            return Ok(());
        }
        let before = input.checkpoint();
        match inline_comment.parse_next(input) {
            Ok(()) => {}
            Err(ErrMode::Backtrack(_)) => {
                input.reset(&before);
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
}

fn comment(input: &mut Input) -> ModalResult<()> {
    dispatch! {peek(any);
        '#' => hash_line_comment,
        '/' => alt((double_slash_line_comment, inline_comment)),
        _ => fail,
    }
    .parse_next(input)
}

pub(super) fn line_comment(input: &mut Input) -> ModalResult<()> {
    dispatch! {peek(any);
        '#' => hash_line_comment,
        '/' => double_slash_line_comment,
        _ => fail,
    }
    .parse_next(input)
}

fn hash_line_comment(input: &mut Input) -> ModalResult<()> {
    preceded('#', till_line_ending).void().parse_next(input)
}

fn double_slash_line_comment(input: &mut Input) -> ModalResult<()> {
    preceded("//", till_line_ending).void().parse_next(input)
}

fn inline_comment(input: &mut Input) -> ModalResult<()> {
    delimited("/*", take_until(0.., "*/"), "*/")
        .void()
        .parse_next(input)
}

#[inline]
pub(super) fn void<P, I, E>(inner: P) -> impl ModalParser<I, (), E>
where
    P: ModalParser<I, (), E>,
{
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_comments() {
        let inline_comments = [
            "",
            " ",
            "/**/  ",
            "/*foo*/",
            " /* foo
                bar
                */  /* baz */\t",
        ];

        let multiline_comments = [
            "# foo
                # bar",
            "
            /* foo
                bar
                */  # baz */",
            "
                // foo #
                // bar /*
                # baz",
        ];

        for input in inline_comments {
            let parsed = sp.parse(new_input(input));
            assert!(parsed.is_ok(), "expected `{input}` to parse correctly");
        }

        for input in multiline_comments {
            let parsed = sp.parse(new_input(input));
            assert!(parsed.is_err(), "expected parse error for `{input}`");
        }

        for input in inline_comments.iter().chain(multiline_comments.iter()) {
            let parsed = ws.parse(new_input(input));
            assert!(parsed.is_ok(), "expected `{input}` to parse correctly");
        }
    }
}
