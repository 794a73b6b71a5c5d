//! Templates: `{{name}}` and `{{function(args)}}` inside any text of a suite.
//!
//! Rendering replaces each `{{…}}` with a variable's value (variables win over built-ins of
//! the same name, as Runscope documents), a built-in variable (`timestamp`, `uuid`, …) or a
//! built-in function's result (`md5({{x}})`). Expressions nest: function arguments are
//! templates themselves. What cannot be rendered stays exactly as written and is reported:
//! an undefined name, a function with wrong arguments. Text that is not an expression
//! (`{{"a":1}}`, an unmatched `{{`) is left alone silently.

use crate::functions::{self, Arity, Context};
use crate::variables::Variables;

/// What rendering needs besides the template.
pub(crate) struct Scope<'a> {
    /// The run's variables.
    pub vars: &'a Variables,
    /// "Now", from the caller's clock, in Unix milliseconds.
    pub now_ms: f64,
    /// The run's seeded random numbers.
    pub rng: &'a mut fastrand::Rng,
    /// Values of the `runscope_*` built-ins.
    pub context: &'a Context,
}

/// A rendered text and what could not be rendered.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Rendered {
    pub text: String,
    pub problems: Vec<Problem>,
}

/// Something in a template that did not render as meant.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Problem {
    /// `{{name}}` with no such variable; left as written.
    Undefined(String),
    /// A function that could not run; left as written.
    Function { expression: String, message: String },
    /// A `runscope_*` built-in that has no value outside Runscope; a placeholder was used.
    OutsideRunscope { name: String, placeholder: String },
}

impl Problem {
    /// One plain sentence for the step's warnings.
    pub(crate) fn message(&self) -> String {
        match self {
            Problem::Undefined(name) => format!("undefined variable {name}"),
            Problem::Function {
                expression,
                message,
            } => format!("{{{{{expression}}}}} was left as written: {message}"),
            Problem::OutsideRunscope { name, placeholder } => format!(
                "{name} has a value only inside Runscope; \"{placeholder}\" was used instead"
            ),
        }
    }
}

/// A piece of a template.
enum Piece<'a> {
    Text(&'a str),
    /// `raw` is the whole `{{…}}`, `inner` what is between the braces.
    Expr {
        raw: &'a str,
        inner: &'a str,
    },
}

fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(rel) = s[i..].find("{{") {
        let open = i + rel;
        match find_close(s, open + 2) {
            Some(close) => {
                if open > text_start {
                    out.push(Piece::Text(&s[text_start..open]));
                }
                out.push(Piece::Expr {
                    raw: &s[open..close + 2],
                    inner: &s[open + 2..close],
                });
                i = close + 2;
                text_start = i;
            }
            None => i = open + 1,
        }
    }
    if text_start < s.len() {
        out.push(Piece::Text(&s[text_start..]));
    }
    out
}

/// The index of the `}}` closing an expression whose content starts at `from`.
fn find_close(s: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    while i + 1 < b.len() {
        if b[i] == b'{' && b[i + 1] == b'{' {
            depth += 1;
            i += 2;
        } else if b[i] == b'}' && b[i + 1] == b'}' {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

/// `name(args)` with a function-like name: the name and the raw argument text.
fn as_call(content: &str) -> Option<(&str, &str)> {
    let open = content.find('(')?;
    let name = content[..open].trim_end();
    let rest = content[open + 1..].strip_suffix(')')?;
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, rest))
}

/// Whether `s` (trimmed) can be a variable name: what an undefined `{{s}}` is reported for.
/// Runscope allows spaces and most punctuation (`{{SCIM Base URL}}`); quotes, braces,
/// parentheses, commas, backslashes and line breaks are left out so that JSON, code and
/// function calls inside braces are not taken for names.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s
            .chars()
            .any(|c| c.is_control() || matches!(c, '{' | '}' | '"' | '\'' | '(' | ')' | ',' | '\\'))
}

/// Splits at commas outside nested `{{…}}`.
fn split_top_level(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        if b[i..].starts_with(b"{{") {
            depth += 1;
            i += 2;
        } else if b[i..].starts_with(b"}}") && depth > 0 {
            depth -= 1;
            i += 2;
        } else {
            if b[i] == b',' && depth == 0 {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            i += 1;
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The arguments of a call, as the function's arity splits them.
fn arguments<'a>(name: &str, raw: &'a str) -> Option<Vec<&'a str>> {
    let parts = split_top_level(raw);
    match functions::arity(name)? {
        Arity::One => Some(vec![raw]),
        Arity::Two => {
            if parts.len() < 2 {
                return Some(parts);
            }
            // The first part is a value that may itself hold commas; the key or format does
            // not: split at the last top-level comma.
            let cut = raw.len() - parts[parts.len() - 1].len() - 1;
            Some(vec![&raw[..cut], &raw[cut + 1..]])
        }
        Arity::ZeroOrTwo => Some(if raw.trim().is_empty() {
            Vec::new()
        } else {
            parts
        }),
    }
}

/// Renders `template`.
pub(crate) fn render(template: &str, scope: &mut Scope<'_>) -> Rendered {
    let mut out = Rendered::default();
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.text.push_str(t),
            Piece::Expr { raw, inner } => {
                let value = eval(raw, inner, scope, &mut out.problems);
                out.text.push_str(&value);
            }
        }
    }
    out
}

fn eval(raw: &str, inner: &str, scope: &mut Scope<'_>, problems: &mut Vec<Problem>) -> String {
    let content = inner.trim();
    if let Some((name, raw_args)) = as_call(content) {
        if let Some(args) = arguments(name, raw_args) {
            let mut rendered = Vec::with_capacity(args.len());
            for arg in args {
                let r = render(arg.trim(), scope);
                let undefined = r
                    .problems
                    .iter()
                    .any(|p| matches!(p, Problem::Undefined(_)));
                problems.extend(r.problems);
                if undefined {
                    return raw.to_string();
                }
                rendered.push(r.text);
            }
            return match functions::call(name, &rendered, scope) {
                Ok(v) => v,
                Err(message) => {
                    problems.push(Problem::Function {
                        expression: content.to_string(),
                        message,
                    });
                    raw.to_string()
                }
            };
        }
        if scope.vars.get(content).is_none() {
            problems.push(Problem::Function {
                expression: content.to_string(),
                message: format!("there is no built-in function {name}"),
            });
            return raw.to_string();
        }
    }
    let name = if content.contains("{{") {
        let r = render(content, scope);
        problems.extend(r.problems);
        r.text
    } else {
        content.to_string()
    };
    if let Some(v) = scope.vars.get(&name) {
        return v.to_string();
    }
    match functions::variable(&name, scope) {
        Some(functions::Builtin::Value(v)) => v,
        Some(functions::Builtin::Placeholder(v)) => {
            problems.push(Problem::OutsideRunscope {
                name,
                placeholder: v.clone(),
            });
            v
        }
        None => {
            if is_name(&name) {
                problems.push(Problem::Undefined(name));
            }
            raw.to_string()
        }
    }
}

/// The variable names a template refers to, in order, built-ins left out.
pub(crate) fn variable_names(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in pieces(template) {
        let Piece::Expr { inner, .. } = piece else {
            continue;
        };
        let content = inner.trim();
        if let Some((name, raw_args)) = as_call(content) {
            if functions::arity(name).is_some() {
                out.extend(variable_names(raw_args));
                continue;
            }
        }
        if content.contains("{{") {
            out.extend(variable_names(content));
        } else if is_name(content) && !functions::is_builtin_variable(content) {
            out.push(content.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(template: &str, vars: &[(&str, &str)]) -> Rendered {
        let vars: Variables = vars.iter().copied().collect();
        let mut rng = fastrand::Rng::with_seed(7);
        let context = Context::default();
        let mut scope = Scope {
            vars: &vars,
            now_ms: 1_384_035_195_123.0,
            rng: &mut rng,
            context: &context,
        };
        render(template, &mut scope)
    }

    fn text(template: &str, vars: &[(&str, &str)]) -> String {
        render_with(template, vars).text
    }

    #[test]
    fn substitutes_trimmed_names() {
        let vars = [("base", "http://h"), ("id", "42")];
        assert_eq!(text("{{base}}/Users/{{ id }}", &vars), "http://h/Users/42");
        assert_eq!(text("{{base}}{{id}}", &vars), "http://h42");
    }

    #[test]
    fn undefined_stays_as_written_and_is_reported() {
        let r = render_with("a {{randomEmail}} b {{ x\"y }}", &[]);
        assert_eq!(r.text, "a {{randomEmail}} b {{ x\"y }}");
        assert_eq!(r.problems, [Problem::Undefined("randomEmail".into())]);
        assert_eq!(r.problems[0].message(), "undefined variable randomEmail");
    }

    #[test]
    fn json_bodies_are_left_alone() {
        let body = r#"{"a":{"b":"{{v}}"}} {{"x":1}} {{ {{"#;
        assert_eq!(
            text(body, &[("v", "1")]),
            r#"{"a":{"b":"1"}} {{"x":1}} {{ {{"#
        );
    }

    #[test]
    fn variables_override_builtins() {
        assert_eq!(text("{{timestamp}}", &[("timestamp", "mine")]), "mine");
        assert_eq!(text("{{timestamp}}", &[]), "1384035195");
    }

    #[test]
    fn nested_function_arguments() {
        assert_eq!(
            text("{{format_timestamp({{timestamp}}, YYYY-MM-DD)}}", &[]),
            "2013-11-09"
        );
        assert_eq!(
            text(
                "{{encode_base64({{user}}:{{pass}})}}",
                &[("user", "u"), ("pass", "p")]
            ),
            "dTpw"
        );
        assert_eq!(
            text("{{hmac_sha256({{v}},key)}}", &[("v", "a,b")]),
            text("{{hmac_sha256(a,b,key)}}", &[])
        );
    }

    #[test]
    fn undefined_inside_a_function_keeps_the_whole_expression() {
        let r = render_with("{{md5({{nope}})}}", &[]);
        assert_eq!(r.text, "{{md5({{nope}})}}");
        assert_eq!(r.problems, [Problem::Undefined("nope".into())]);
    }

    #[test]
    fn bad_function_arguments_are_reported() {
        let r = render_with("{{random_int(a)}}", &[]);
        assert_eq!(r.text, "{{random_int(a)}}");
        assert_eq!(
            r.problems[0].message(),
            "{{random_int(a)}} was left as written: random_int takes no arguments or two whole numbers"
        );
        let r = render_with("{{nosuch(1)}}", &[]);
        assert_eq!(
            r.problems[0].message(),
            "{{nosuch(1)}} was left as written: there is no built-in function nosuch"
        );
    }

    #[test]
    fn names_with_spaces() {
        let vars = [("SCIM Base URL", "http://h/scim")];
        assert_eq!(
            text("{{SCIM Base URL}}/Users", &vars),
            "http://h/scim/Users"
        );
        assert_eq!(
            text("{{ SCIM Base URL }}/Users", &vars),
            "http://h/scim/Users"
        );
        let r = render_with("{{SCIM Base URL}}/Users", &[]);
        assert_eq!(r.problems, [Problem::Undefined("SCIM Base URL".into())]);
        assert_eq!(
            variable_names("{{SCIM Base URL}}/Users/{{ user-id.1 }}{{a\nb}}"),
            ["SCIM Base URL", "user-id.1"]
        );
    }

    #[test]
    fn names_in_templates() {
        assert_eq!(
            variable_names("{{a}}/{{ b }}/{{timestamp}}/{{md5({{c}}:x)}}/{{a}}/{{uuid}}"),
            ["a", "b", "c", "a"]
        );
    }

    proptest::proptest! {
        #[test]
        fn rendering_never_panics_and_plain_text_is_kept(t in ".{0,80}") {
            let r = render_with(&t, &[("a", "1")]);
            if !t.contains("{{") {
                proptest::prop_assert_eq!(&r.text, &t);
            }
            let _ = variable_names(&t);
        }

        #[test]
        fn braces_and_names_never_panic(t in "[{}() ,a-z_0-9]{0,40}") {
            let _ = render_with(&t, &[("a", "1"), ("b", "{{a}}")]);
            let _ = variable_names(&t);
        }
    }
}
