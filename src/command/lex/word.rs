//! Reading one word: its bytes up to a blank or an operator outside any quote or
//! substitution, with the constructs nested in it on an explicit stack.

use super::{At, Reader};

/// A nested construct inside a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nest {
    Single,
    AnsiC,
    Double,
    Backtick,
    Parameter,
    /// `$(...)` and `<(...)`, with the `(` it holds open.
    Command(usize),
    /// `$((...))` and `((...))`, with the `(` it holds open.
    Arithmetic(usize),
    /// The `(...)` of an array assignment, `NAME=(a b)`, with the `(` it holds open.
    Array(usize),
}

impl Nest {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Nest::Single => "`'` is never closed",
            Nest::AnsiC => "`$'` is never closed with `'`",
            Nest::Double => "`\"` is never closed",
            Nest::Backtick => "`` ` `` is never closed",
            Nest::Parameter => "`${` is never closed with `}`",
            Nest::Command(_) => "`$(` is never closed with `)`",
            Nest::Arithmetic(_) => "`((` is never closed with `))`",
            Nest::Array(_) => "the `(` of an array is never closed with `)`",
        }
    }
}

impl<'s> Reader<'s> {
    /// The length of a `<placeholder>` starting here: `<` and a letter, then letters,
    /// digits, spaces and `_.:/@-`, up to a `>` that ends the word and follows no space.
    pub(super) fn placeholder_len(&self) -> Option<usize> {
        let rest = &self.bytes[self.pos..];
        if !rest
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return None;
        }
        let inner = rest[1..]
            .iter()
            .take_while(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b' ' | b'_' | b'.' | b':' | b'/' | b'@' | b'-')
            })
            .count();
        let close = 1 + inner;
        // `<name>.sql` is a placeholder in a word; `<in >out` and `<in>&2` are not.
        let ends_word = rest
            .get(close + 1)
            .is_none_or(|b| !matches!(b, b'>' | b'<' | b'&' | b'('));
        (rest.get(close) == Some(&b'>') && rest[close - 1] != b' ' && ends_word)
            .then_some(close + 1)
    }

    /// Reads one word: its bytes up to a blank or operator outside any quote or
    /// substitution. An `Err` names the construct left open and where it opened.
    pub(super) fn scan_word(&mut self) -> Result<&'s str, (Nest, At)> {
        let start = self.pos;
        let mut nests: Vec<(Nest, At)> = Vec::new();
        loop {
            let Some(byte) = self.peek() else {
                return match nests.first() {
                    Some(&open) => Err(open),
                    None => Ok(&self.src[start..self.pos]),
                };
            };
            if byte == b'\n'
                && self.line_by_line
                && let Some(&open) = nests.first()
            {
                return Err(open);
            }
            let next = self.peek_at(1);
            let at = self.at();
            let top = nests.last().map(|&(nest, _)| nest);
            match top {
                None => match byte {
                    b'<' if self.pos > start && self.placeholder_len().is_some() => {
                        let len = self.placeholder_len().unwrap_or(1);
                        self.bump_n(len);
                        continue;
                    }
                    b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b')' | b'<' | b'>' => {
                        if self.pos == start && matches!(byte, b'<' | b'>') && next == Some(b'(') {
                            // `<(...)`: a process substitution.
                            self.bump_n(2);
                            nests.push((Nest::Command(0), at));
                            continue;
                        }
                        return Ok(&self.src[start..self.pos]);
                    }
                    b'(' if self.pos == start && next == Some(b'(') => {
                        self.bump_n(2);
                        nests.push((Nest::Arithmetic(0), at));
                        continue;
                    }
                    b'(' if is_assignment_prefix(&self.src[start..self.pos]) => {
                        nests.push((Nest::Array(0), at));
                    }
                    b'(' => return Ok(&self.src[start..self.pos]),
                    b'\\' => {
                        if self.line_by_line && next == Some(b'\n') {
                            return Ok(&self.src[start..self.pos]);
                        }
                        self.bump_n(2);
                        continue;
                    }
                    b'\'' => nests.push((Nest::Single, at)),
                    b'"' => nests.push((Nest::Double, at)),
                    b'`' => nests.push((Nest::Backtick, at)),
                    b'$' => {
                        if let Some(nest) = self.dollar(next) {
                            nests.push((nest, at));
                        }
                    }
                    _ => {}
                },
                Some(Nest::Single) => {
                    if byte == b'\'' {
                        nests.pop();
                    }
                }
                Some(Nest::AnsiC | Nest::Backtick) => match byte {
                    b'\\' => self.bump(),
                    b'\'' if top == Some(Nest::AnsiC) => {
                        nests.pop();
                    }
                    b'`' if top == Some(Nest::Backtick) => {
                        nests.pop();
                    }
                    _ => {}
                },
                Some(Nest::Double) => match byte {
                    b'\\' => self.bump(),
                    b'"' => {
                        nests.pop();
                    }
                    b'`' => nests.push((Nest::Backtick, at)),
                    // Inside double quotes `$'` is a `$` and a quote character, not
                    // ANSI-C quoting: `"grep 'ok$' log"`.
                    b'$' if next != Some(b'\'') => {
                        if let Some(nest) = self.dollar(next) {
                            nests.push((nest, at));
                        }
                    }
                    _ => {}
                },
                Some(Nest::Parameter | Nest::Command(_) | Nest::Arithmetic(_) | Nest::Array(_)) => {
                    match byte {
                        b'\\' => self.bump(),
                        b'\'' => nests.push((Nest::Single, at)),
                        b'"' => nests.push((Nest::Double, at)),
                        b'`' => nests.push((Nest::Backtick, at)),
                        b'$' => {
                            if let Some(nest) = self.dollar(next) {
                                nests.push((nest, at));
                            }
                        }
                        b'}' if top == Some(Nest::Parameter) => {
                            nests.pop();
                        }
                        b'(' => {
                            if let Some((
                                Nest::Command(depth) | Nest::Arithmetic(depth) | Nest::Array(depth),
                                _,
                            )) = nests.last_mut()
                            {
                                *depth += 1;
                            }
                        }
                        b')' => match nests.last_mut() {
                            Some((Nest::Command(0) | Nest::Array(0), _)) => {
                                nests.pop();
                            }
                            Some((Nest::Arithmetic(0), _)) if next == Some(b')') => {
                                self.bump();
                                nests.pop();
                            }
                            Some((
                                Nest::Command(depth) | Nest::Arithmetic(depth) | Nest::Array(depth),
                                _,
                            )) => {
                                *depth = depth.saturating_sub(1);
                            }
                            _ => {}
                        },
                        _ => {}
                    }
                }
            }
            self.bump();
        }
    }

    /// What a `$` opens, given the byte after it; moves past all but the last byte of
    /// the opener (the caller moves past that one).
    fn dollar(&mut self, next: Option<u8>) -> Option<Nest> {
        match next {
            Some(b'(') if self.peek_at(2) == Some(b'(') => {
                self.bump_n(2);
                Some(Nest::Arithmetic(0))
            }
            Some(b'(') => {
                self.bump();
                Some(Nest::Command(0))
            }
            Some(b'{') => {
                self.bump();
                Some(Nest::Parameter)
            }
            Some(b'\'') => {
                self.bump();
                Some(Nest::AnsiC)
            }
            _ => None,
        }
    }
}

/// Whether a word so far is `NAME=` or `NAME+=`, so a `(` opens an array.
fn is_assignment_prefix(word: &str) -> bool {
    word.strip_suffix("+=")
        .or_else(|| word.strip_suffix('='))
        .is_some_and(super::is_name)
}
