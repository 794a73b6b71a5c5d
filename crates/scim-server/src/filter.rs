//! SCIM filters (RFC 7644 section 3.4.2.2): parsing and evaluation against a resource's JSON.
//!
//! Supported: `eq ne co sw ew gt ge lt le pr`, `and`, `or`, `not (...)`, parentheses, and
//! value paths such as `emails[type eq "work" and value co "@example.com"]`. Attribute names
//! and operators are case-insensitive. String comparisons ignore case except for attributes
//! whose schema says `caseExact: true` (`id`, `externalId`, `meta.version`, `$ref` and the
//! `value` of `members` and `groups`).

use serde_json::{Map, Value};

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Present(AttrPath),
    Compare(AttrPath, CompareOp, Value),
    /// `attr[filter]`: some value of the multi-valued `attr` matches the inner filter.
    ValuePath(AttrPath, Box<Filter>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

/// `[schema URN ":"] name ["." sub]`, e.g. `name.givenName` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttrPath {
    pub schema: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

impl AttrPath {
    /// Parses an attribute path; `None` when it is not one.
    pub fn parse(text: &str) -> Option<AttrPath> {
        let (schema, rest) = if text
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
        {
            let (schema, rest) = text.rsplit_once(':')?;
            (Some(schema.to_owned()), rest)
        } else {
            (None, text)
        };
        let (name, sub) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (rest, None),
        };
        if !is_attr_name(name) || !sub.is_none_or(is_attr_name) {
            return None;
        }
        Some(AttrPath {
            schema,
            name: name.to_owned(),
            sub: sub.map(str::to_owned),
        })
    }

    /// The path as `name` or `name.sub`, lowercased: the key of [`is_case_exact`].
    fn dotted_lowercase(&self) -> String {
        match &self.sub {
            Some(sub) => format!("{}.{}", self.name, sub).to_lowercase(),
            None => self.name.to_lowercase(),
        }
    }
}

/// `ATTRNAME = ALPHA *(nameChar)`, nameChar = `-` / `_` / DIGIT / ALPHA; `$ref` is allowed too.
fn is_attr_name(name: &str) -> bool {
    if name == "$ref" {
        return true;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether string values of this attribute compare case-sensitively. `prefix` is the
/// multi-valued attribute a value path is evaluated inside (`members` for
/// `members[value eq "..."]`).
fn is_case_exact(prefix: Option<&str>, path: &AttrPath) -> bool {
    let dotted = path.dotted_lowercase();
    let full = match prefix {
        Some(prefix) => format!("{}.{dotted}", prefix.to_lowercase()),
        None => dotted,
    };
    matches!(
        full.as_str(),
        "id" | "externalid" | "meta.version" | "meta.location" | "members.value" | "groups.value"
    ) || full.ends_with("$ref")
}

/// How string values compare while evaluating.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EvalOptions {
    /// The `case-sensitive-filter` fault: every string comparison is case-sensitive.
    pub all_case_exact: bool,
}

/// Parses a filter.
///
/// # Errors
/// A message saying what is wrong, for a `400 invalidFilter`.
pub(crate) fn parse(text: &str) -> Result<Filter, String> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, pos: 0 };
    let filter = parser.parse_or()?;
    match parser.tokens.get(parser.pos) {
        None => Ok(filter),
        Some(token) => Err(format!("unexpected {} in filter", token.describe())),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Word(word) => format!("'{word}'"),
            Token::Str(text) => format!("string {}", Value::String(text.clone())),
            Token::Open => "'('".to_owned(),
            Token::Close => "')'".to_owned(),
            Token::OpenBracket => "'['".to_owned(),
            Token::CloseBracket => "']'".to_owned(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    '[' => Token::OpenBracket,
                    _ => Token::CloseBracket,
                });
            }
            '"' => {
                chars.next();
                let mut end = None;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                let end = end.ok_or("unterminated string in filter")?;
                let literal = &text[start..=end];
                let value: String = serde_json::from_str(literal)
                    .map_err(|_| format!("invalid string {literal} in filter"))?;
                tokens.push(Token::Str(value));
            }
            _ => {
                let mut end = text.len();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"') {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                tokens.push(Token::Word(text[start..end].to_owned()));
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword))
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn expect(&mut self, want: &Token) -> Result<(), String> {
        match self.next() {
            Some(token) if token == *want => Ok(()),
            Some(token) => Err(format!(
                "expected {} but found {} in filter",
                want.describe(),
                token.describe()
            )),
            None => Err(format!("expected {} but the filter ended", want.describe())),
        }
    }

    fn parse_or(&mut self) -> Result<Filter, String> {
        let mut left = self.parse_and()?;
        while self.peek_keyword("or") {
            self.pos += 1;
            let right = self.parse_and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_and(&mut self) -> Result<Filter, String> {
        let mut left = self.parse_not()?;
        while self.peek_keyword("and") {
            self.pos += 1;
            let right = self.parse_not()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_not(&mut self) -> Result<Filter, String> {
        if self.peek_keyword("not") && self.tokens.get(self.pos + 1) == Some(&Token::Open) {
            self.pos += 1;
            let inner = self.parse_atom()?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        self.parse_atom()
    }

    fn parse_atom(&mut self) -> Result<Filter, String> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.parse_or()?;
                self.expect(&Token::Close)?;
                Ok(inner)
            }
            Some(Token::Word(word)) => {
                let path = AttrPath::parse(&word)
                    .ok_or_else(|| format!("'{word}' is not an attribute path"))?;
                if self.tokens.get(self.pos) == Some(&Token::OpenBracket) {
                    self.pos += 1;
                    let inner = self.parse_or()?;
                    self.expect(&Token::CloseBracket)?;
                    return Ok(Filter::ValuePath(path, Box::new(inner)));
                }
                self.parse_comparison(path)
            }
            Some(token) => Err(format!(
                "expected an attribute path but found {}",
                token.describe()
            )),
            None => Err("the filter is empty or ends too early".to_owned()),
        }
    }

    fn parse_comparison(&mut self, path: AttrPath) -> Result<Filter, String> {
        let word = match self.next() {
            Some(Token::Word(word)) => word,
            Some(token) => {
                return Err(format!(
                    "expected an operator after '{}' but found {}",
                    path.name,
                    token.describe()
                ))
            }
            None => return Err(format!("expected an operator after '{}'", path.name)),
        };
        let op = match word.to_ascii_lowercase().as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            _ => return Err(format!("unknown operator '{word}'")),
        };
        let value = match self.next() {
            Some(Token::Str(text)) => Value::String(text),
            Some(Token::Word(literal)) => match literal.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => serde_json::from_str::<serde_json::Number>(&literal)
                    .map(Value::Number)
                    .map_err(|_| {
                        format!("'{literal}' is not a value: quote strings, as in \"{literal}\"")
                    })?,
            },
            Some(token) => {
                return Err(format!(
                    "expected a value after '{word}' but found {}",
                    token.describe()
                ))
            }
            None => return Err(format!("expected a value after '{word}'")),
        };
        Ok(Filter::Compare(path, op, value))
    }
}

/// Whether `resource` (a rendered SCIM resource) matches `filter`.
pub(crate) fn matches(
    filter: &Filter,
    resource: &Map<String, Value>,
    options: EvalOptions,
) -> bool {
    eval(filter, resource, None, options)
}

/// Whether one value of the multi-valued attribute `attr` (e.g. a member of `members`)
/// matches `filter`: the filter of a PATCH path such as `members[value eq "x"]`.
pub(crate) fn matches_within(
    filter: &Filter,
    element: &Map<String, Value>,
    attr: &str,
    options: EvalOptions,
) -> bool {
    eval(filter, element, Some(attr), options)
}

fn eval(
    filter: &Filter,
    object: &Map<String, Value>,
    prefix: Option<&str>,
    options: EvalOptions,
) -> bool {
    match filter {
        Filter::And(a, b) => eval(a, object, prefix, options) && eval(b, object, prefix, options),
        Filter::Or(a, b) => eval(a, object, prefix, options) || eval(b, object, prefix, options),
        Filter::Not(inner) => !eval(inner, object, prefix, options),
        Filter::Present(path) => resolve(object, path).into_iter().any(is_present),
        Filter::Compare(path, op, expected) => {
            let case_exact = options.all_case_exact || is_case_exact(prefix, path);
            let values = resolve(object, path);
            match op {
                CompareOp::Eq => eval_eq(&values, expected, case_exact),
                CompareOp::Ne => !eval_eq(&values, expected, case_exact),
                _ => values
                    .iter()
                    .any(|actual| eval_ordered(actual, *op, expected, case_exact)),
            }
        }
        Filter::ValuePath(path, inner) => {
            let Some(attr) = lookup(object, path.schema.as_deref(), &path.name) else {
                return false;
            };
            let elements: Vec<&Value> = match attr {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            elements.into_iter().any(|element| match element {
                Value::Object(element) => eval(inner, element, Some(&path.name), options),
                _ => false,
            })
        }
    }
}

fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn eval_eq(values: &[&Value], expected: &Value, case_exact: bool) -> bool {
    if expected.is_null() {
        return !values.iter().copied().any(is_present);
    }
    values.iter().any(|actual| match (actual, expected) {
        (Value::String(a), Value::String(b)) => {
            if case_exact {
                a == b
            } else {
                a.to_lowercase() == b.to_lowercase()
            }
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => *a == b,
    })
}

fn eval_ordered(actual: &Value, op: CompareOp, expected: &Value, case_exact: bool) -> bool {
    use std::cmp::Ordering;
    match (actual, expected) {
        (Value::String(a), Value::String(b)) => {
            let (a, b) = if case_exact {
                (a.clone(), b.clone())
            } else {
                (a.to_lowercase(), b.to_lowercase())
            };
            match op {
                CompareOp::Co => a.contains(&b),
                CompareOp::Sw => a.starts_with(&b),
                CompareOp::Ew => a.ends_with(&b),
                _ => ordering_holds(a.cmp(&b), op),
            }
        }
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => a
                .partial_cmp(&b)
                .is_some_and(|ordering: Ordering| ordering_holds(ordering, op)),
            _ => false,
        },
        _ => false,
    }
}

fn ordering_holds(ordering: std::cmp::Ordering, op: CompareOp) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        CompareOp::Gt => ordering == Greater,
        CompareOp::Ge => ordering != Less,
        CompareOp::Lt => ordering == Less,
        CompareOp::Le => ordering != Greater,
        _ => ordering == Equal,
    }
}

/// The object member `name` (case-insensitive), looking inside the extension object when
/// `schema` names one.
pub(crate) fn lookup<'a>(
    object: &'a Map<String, Value>,
    schema: Option<&str>,
    name: &str,
) -> Option<&'a Value> {
    let container = match schema {
        Some(schema) if !is_core_schema(schema) => match get_ci(object, schema)? {
            Value::Object(extension) => extension,
            _ => return None,
        },
        _ => object,
    };
    get_ci(container, name)
}

/// Whether `urn` is one of the core schemas, whose attributes sit at the top of a resource.
pub(crate) fn is_core_schema(urn: &str) -> bool {
    urn.eq_ignore_ascii_case(crate::USER_SCHEMA) || urn.eq_ignore_ascii_case(crate::GROUP_SCHEMA)
}

/// The member whose key equals `name` ignoring case.
pub(crate) fn get_ci<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// The simple values at `path`: members of every element for multi-valued attributes, and
/// the `value` sub-attribute of complex values when no sub-attribute is named.
fn resolve<'a>(object: &'a Map<String, Value>, path: &AttrPath) -> Vec<&'a Value> {
    let Some(top) = lookup(object, path.schema.as_deref(), &path.name) else {
        return Vec::new();
    };
    let elements: Vec<&Value> = match top {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    elements
        .into_iter()
        .filter_map(|element| match (&path.sub, element) {
            (Some(sub), Value::Object(o)) => get_ci(o, sub),
            (Some(_), _) => None,
            (None, Value::Object(o)) if top.is_array() => get_ci(o, "value"),
            (None, other) => Some(other),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Map<String, Value> {
        let value = json!({
            "id": "2819c223-7f76-453a-919d-413861904646",
            "externalId": "Ext-1",
            "userName": "Bjensen@Example.com",
            "displayName": "Babs Jensen",
            "active": true,
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
            ],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Tour Operations"},
            "meta": {"lastModified": "2011-05-13T04:42:34Z"}
        });
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn check(filter: &str) -> bool {
        let parsed = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
        matches(&parsed, &user(), EvalOptions::default())
    }

    #[test]
    fn evaluates_each_operator() {
        let table = [
            (r#"userName eq "bjensen@example.com""#, true),
            (r#"USERNAME EQ "BJENSEN@EXAMPLE.COM""#, true),
            (r#"userName ne "bjensen@example.com""#, false),
            (r#"userName ne "other""#, true),
            (r#"userName co "jensen""#, true),
            (r#"userName sw "bj""#, true),
            (r#"userName ew ".com""#, true),
            (r#"userName ew ".org""#, false),
            (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, false),
            (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true),
            (r#"meta.lastModified lt "2012-01-01T00:00:00Z""#, true),
            (r#"meta.lastModified le "2010-01-01T00:00:00Z""#, false),
            ("title pr", false),
            ("name pr", true),
            ("name.givenName pr", true),
            ("active eq true", true),
            ("active eq false", false),
            ("title eq null", true),
        ];
        for (filter, expected) in table {
            assert_eq!(check(filter), expected, "{filter}");
        }
    }

    #[test]
    fn evaluates_logic_and_grouping() {
        let table = [
            (r#"userName eq "x" or displayName eq "Babs Jensen""#, true),
            (r#"userName eq "x" and displayName eq "Babs Jensen""#, false),
            (
                r#"userName eq "x" or displayName co "babs" and active eq false"#,
                false,
            ),
            (
                r#"(userName eq "x" or displayName co "babs") and active eq true"#,
                true,
            ),
            (r#"not (userName eq "x")"#, true),
            (r#"not(userName sw "b")"#, false),
        ];
        for (filter, expected) in table {
            assert_eq!(check(filter), expected, "{filter}");
        }
    }

    #[test]
    fn case_exact_attributes_compare_exactly() {
        assert!(check(r#"externalId eq "Ext-1""#));
        assert!(!check(r#"externalId eq "ext-1""#));
        assert!(check(r#"id eq "2819c223-7f76-453a-919d-413861904646""#));
        assert!(!check(r#"id eq "2819C223-7F76-453A-919D-413861904646""#));
    }

    #[test]
    fn the_fault_makes_username_case_sensitive() {
        let filter = parse(r#"userName eq "bjensen@example.com""#).expect("parses");
        let options = EvalOptions {
            all_case_exact: true,
        };
        assert!(!matches(&filter, &user(), options));
        let exact = parse(r#"userName eq "Bjensen@Example.com""#).expect("parses");
        assert!(matches(&exact, &user(), options));
    }

    #[test]
    fn multi_valued_and_value_paths() {
        assert!(check(r#"emails.value eq "babs@jensen.org""#));
        assert!(check(r#"emails co "jensen.org""#));
        assert!(check(
            r#"emails[type eq "work" and value co "example.com"]"#
        ));
        assert!(!check(
            r#"emails[type eq "home" and value co "example.com"]"#
        ));
        assert!(check(r#"emails[primary eq true]"#));
    }

    #[test]
    fn extension_attributes_by_urn() {
        assert!(check(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations""#
        ));
        assert!(check(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "BJ""#
        ));
    }

    #[test]
    fn string_escapes_are_decoded() {
        let parsed = parse(r#"displayName eq "a \"quoted\" name""#).expect("parses");
        assert_eq!(
            parsed,
            Filter::Compare(
                AttrPath::parse("displayName").expect("path"),
                CompareOp::Eq,
                json!("a \"quoted\" name")
            )
        );
    }

    #[test]
    fn reports_bad_filters() {
        let table = [
            ("", "the filter is empty or ends too early"),
            ("userName", "expected an operator after 'userName'"),
            ("userName eq", "expected a value after 'eq'"),
            ("userName xx \"a\"", "unknown operator 'xx'"),
            (
                "userName eq bjensen",
                "'bjensen' is not a value: quote strings, as in \"bjensen\"",
            ),
            ("userName eq \"a", "unterminated string in filter"),
            ("(userName pr", "expected ')' but the filter ended"),
            ("userName pr userName", "unexpected 'userName' in filter"),
            ("1abc pr", "'1abc' is not an attribute path"),
            (
                "emails[type eq \"work\"",
                "expected ']' but the filter ended",
            ),
        ];
        for (filter, message) in table {
            assert_eq!(parse(filter), Err(message.to_owned()), "{filter}");
        }
    }

    #[test]
    fn parses_attribute_paths() {
        assert_eq!(
            AttrPath::parse("name.givenName"),
            Some(AttrPath {
                schema: None,
                name: "name".to_owned(),
                sub: Some("givenName".to_owned())
            })
        );
        assert_eq!(
            AttrPath::parse(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
            ),
            Some(AttrPath {
                schema: Some(
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_owned()
                ),
                name: "manager".to_owned(),
                sub: Some("value".to_owned())
            })
        );
        assert_eq!(AttrPath::parse("a.b.c"), None);
        assert_eq!(AttrPath::parse(""), None);
    }
}
