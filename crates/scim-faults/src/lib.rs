//! Faults: switchable copies of mistakes real SCIM servers make, each documented with the
//! steps of Okta's SCIM 2.0 SPEC and CRUD suites it makes fail.
//!
//! [`FAULTS`] is the only place those step lists are written: `--help` prints it, the
//! README's fault section is checked against it, and the crate's tests run both suites
//! through `suite-engine` against the binary with each fault on and compare.
//!
//! The table is its own crate, with no dependencies, so that the page can show it (the
//! workshop demo's fault toggles) without linking the server, which runs in a worker.

#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

/// One fault. Parse one from its command-line form (`duplicates-accepted`, `slow=250`).
///
/// # Example
/// ```
/// use scim_faults::Fault;
/// assert_eq!("slow=250".parse::<Fault>(), Ok(Fault::Slow { ms: 250 }));
/// assert_eq!(Fault::AnyToken.to_string(), "any-token");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// `duplicates-accepted`: creating a user whose userName is taken succeeds (201).
    DuplicatesAccepted,
    /// `case-sensitive-filter`: filters compare strings (userName too) case-sensitively.
    CaseSensitiveFilter,
    /// `plain-errors`: errors keep their status but have a text body, not the SCIM shape.
    PlainErrors,
    /// `wrong-list-schema`: list responses name a wrong schema URN.
    WrongListSchema,
    /// `empty-200-for-unknown`: an unknown resource id gets 200 with an empty body.
    EmptyOkForUnknown,
    /// `no-groups`: `/Groups` answers 404, as on a server without group support.
    NoGroups,
    /// `slow=MS`: every SCIM response is delayed by `ms` milliseconds.
    Slow {
        /// The delay in milliseconds.
        ms: u32,
    },
    /// `no-cors`: the binary sends no CORS headers and answers no preflight. The core
    /// ignores it (an embedded server has no origin to cross).
    NoCors,
    /// `any-token`: every request is accepted, whatever its `Authorization` header says.
    AnyToken,
    /// `ignores-deactivate`: a PUT or PATCH setting `active` to false leaves the user active.
    IgnoresDeactivate,
    /// `put-drops-unsent`: a PUT keeps only the attributes it names, `active` included.
    PutDropsUnsent,
    /// `patch-unsupported`: PATCH answers 501.
    PatchUnsupported,
}

/// What a fault does and which steps of Okta's suites it fails: the one table that `--help`,
/// the README, the page's toggles and the tests read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultInfo {
    /// The name on the command line.
    pub name: &'static str,
    /// How to write it on the command line (`slow=MS`).
    pub usage: &'static str,
    /// What the server then does wrong.
    pub summary: &'static str,
    /// The notes (titles) of the steps of Okta's 2.0 SPEC suite (`Okta-SCIM-20-SPEC-Test.json`)
    /// that fail, in suite order, as written in the file (trimmed).
    pub spec_fails: &'static [&'static str],
    /// Why those SPEC steps fail and others do not.
    pub spec_remark: &'static str,
    /// The notes of the steps of Okta's 2.0 CRUD suite (`Okta-SCIM-20-CRUD-Test.json`, run
    /// against the emulated org) that fail, in suite order; a note that two steps share is
    /// listed once for each.
    pub crud_fails: &'static [&'static str],
    /// Why those CRUD steps fail and others do not.
    pub crud_remark: &'static str,
}

const USERS_ENDPOINT: &str = "Required Test: Test Users endpoint";
const INVALID_BY_USERNAME: &str = "Required Test: Test invalid User by username";
const INVALID_BY_ID: &str = "Required Test: Test invalid User by ID";
const RANDOM_USER_ABSENT: &str = "Required Test: Make sure random user doesn't exist";
const CREATE_AGAIN: &str = "Required Test: Expect failure when recreating user with same values";
const GROUPS_ENDPOINT: &str = "Optional Test: Verify Groups endpoint";
const STATUS_401: &str = "Required Test: Check status 401";
const STATUS_404: &str = "Required Test: Check status 404";

const CRUD_CREATED: &str = "Verify if user is created in SCIM App";
const CRUD_UPDATED: &str = "Verify firstname update in SCIM App";
const CRUD_DEACTIVATED: &str = "Verify if user is deactivated in SCIM App";
const CRUD_REACTIVATED: &str = "Verify if user is reactivated in SCIM App";

/// The CRUD steps a browser blocks when the SCIM server sends no CORS headers: every step
/// that calls the SCIM server (the deactivation check twice).
const CRUD_SCIM_STEPS: &[&str] = &[
    CRUD_CREATED,
    CRUD_UPDATED,
    CRUD_DEACTIVATED,
    CRUD_REACTIVATED,
    CRUD_DEACTIVATED,
];

/// The remark of the faults that no CRUD step notices.
const CRUD_UNTOUCHED: &str = "fails no CRUD step: the org only sends what a conformant exchange needs here, and the CRUD checks read users it provisioned";

/// Every fault, in the order `--help` and the README list them.
pub const FAULTS: &[FaultInfo] = &[
    FaultInfo {
        name: "duplicates-accepted",
        usage: "duplicates-accepted",
        summary: "no uniqueness check: creating (or renaming to) a userName that is taken succeeds",
        spec_fails: &[CREATE_AGAIN],
        spec_remark: "that step posts the user again and expects 409; the later case check only asserts 200, which two matches still give",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: Okta looks the userName up before it creates a user, so it never posts a duplicate",
    },
    FaultInfo {
        name: "case-sensitive-filter",
        usage: "case-sensitive-filter",
        summary: "filters compare every string case-sensitively, userName included (RFC 7643 says userName is caseExact false)",
        spec_fails: &[],
        spec_remark: "fails no step: \"Username Case Sensitivity Check\" only asserts status 200, not that the upper-cased userName finds the user; the other filters find nothing either way",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: Okta and the suite filter with the userName exactly as it was created",
    },
    FaultInfo {
        name: "plain-errors",
        usage: "plain-errors",
        summary: "errors keep their status code but have a text/plain body instead of the SCIM error shape",
        spec_fails: &[INVALID_BY_ID, STATUS_401, STATUS_404],
        spec_remark: "those steps read detail, status and schemas from the body; the 409 step only checks the status",
        crud_fails: &[],
        crud_remark: CRUD_UNTOUCHED,
    },
    FaultInfo {
        name: "wrong-list-schema",
        usage: "wrong-list-schema",
        summary: "list responses say urn:ietf:params:scim:schemas:core:2.0:ListResponse instead of urn:ietf:params:scim:api:messages:2.0:ListResponse",
        spec_fails: &[USERS_ENDPOINT, INVALID_BY_USERNAME, RANDOM_USER_ABSENT],
        spec_remark: "the steps that check the schemas of a list; the case check and the Groups step do not look at schemas",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: the one list step reads Resources, not schemas, and the emulated org reads Resources too (what a real org does with a wrong list schema is not documented)",
    },
    FaultInfo {
        name: "empty-200-for-unknown",
        usage: "empty-200-for-unknown",
        summary: "a GET, PUT, PATCH or DELETE of an unknown user or group id answers 200 with an empty body instead of 404",
        spec_fails: &[INVALID_BY_ID, STATUS_404],
        spec_remark: "both expect 404 with a SCIM error body",
        crud_fails: &[],
        crud_remark: CRUD_UNTOUCHED,
    },
    FaultInfo {
        name: "no-groups",
        usage: "no-groups",
        summary: "/Groups answers 404 as if groups were not supported (ResourceTypes and Schemas still list them)",
        spec_fails: &[GROUPS_ENDPOINT],
        spec_remark: "the only step that calls /Groups, and it is optional",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: the CRUD suite does not use groups",
    },
    FaultInfo {
        name: "slow",
        usage: "slow=MS",
        summary: "every SCIM response is sent MS milliseconds late (CORS preflights are not delayed)",
        spec_fails: &[GROUPS_ENDPOINT],
        spec_remark: "with MS of 600 or more: that step asserts a response time under 600 ms; a smaller MS can fail it too once the network adds the rest, and fails nothing else",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: none asserts a response time (the org's own pushes are not delayed)",
    },
    FaultInfo {
        name: "no-cors",
        usage: "no-cors",
        summary: "no CORS headers on responses and no answer to preflights (binary only; an embedded server ignores it)",
        spec_fails: &[
            USERS_ENDPOINT,
            "Required Test: Get Users/{{id}}",
            INVALID_BY_USERNAME,
            INVALID_BY_ID,
            RANDOM_USER_ABSENT,
            "Required Test: Create Okta user with realistic values",
            "Required Test: Verify that user was created",
            CREATE_AGAIN,
            "Required Test: Username Case Sensitivity Check",
            GROUPS_ENDPOINT,
            STATUS_401,
            STATUS_404,
        ],
        spec_remark: "when the suite runs in a browser on another origin: every request step gets no response (the browser blocks it); a runner outside a browser fails none",
        crud_fails: CRUD_SCIM_STEPS,
        crud_remark: "when the suite runs in a browser on another origin: every step that calls the SCIM server (the org's own CORS is separate); a runner outside a browser fails none",
    },
    FaultInfo {
        name: "any-token",
        usage: "any-token",
        summary: "no authentication: any Authorization header, or none, is accepted",
        spec_fails: &[STATUS_401],
        spec_remark: "that step sends `Authorization: non-token` and expects 401",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: every CRUD request sends the right token",
    },
    FaultInfo {
        name: "ignores-deactivate",
        usage: "ignores-deactivate",
        summary: "a PUT or PATCH that sets active to false is answered 200 but the user stays active",
        spec_fails: &[],
        spec_remark: "fails no step: the SPEC suite never deactivates a user",
        crud_fails: &[CRUD_DEACTIVATED, CRUD_DEACTIVATED],
        crud_remark: "both deactivation checks (after the deactivation in Okta, and after the assignment is removed) read active true",
    },
    FaultInfo {
        name: "put-drops-unsent",
        usage: "put-drops-unsent",
        summary: "a PUT keeps only the attributes its body names and drops the rest, active included (read as false once dropped)",
        spec_fails: &[],
        spec_remark: "fails no step: the SPEC suite sends no PUT",
        crud_fails: &[],
        crud_remark: "fails no CRUD step: Okta reads the user, changes it and PUTs it whole (its SCIM guide), so nothing it knows is left out; a client that PUTs only what changed meets the fault",
    },
    FaultInfo {
        name: "patch-unsupported",
        usage: "patch-unsupported",
        summary: "PATCH answers 501 (not implemented), as on a server that only takes PUT",
        spec_fails: &[],
        spec_remark: "fails no step: the SPEC suite sends no PATCH",
        crud_fails: &[CRUD_DEACTIVATED, CRUD_DEACTIVATED],
        crud_remark: "Okta deactivates and reactivates with PATCH (an OIN integration; with --okta-updates put it uses PUT and nothing fails); the user is never deactivated, so the reactivation check still passes",
    },
];

impl Fault {
    /// The fault's name, without parameters (`slow` for `slow=250`).
    pub fn name(&self) -> &'static str {
        self.info().name
    }

    /// Its documentation.
    pub fn info(&self) -> &'static FaultInfo {
        let index = match self {
            Fault::DuplicatesAccepted => 0,
            Fault::CaseSensitiveFilter => 1,
            Fault::PlainErrors => 2,
            Fault::WrongListSchema => 3,
            Fault::EmptyOkForUnknown => 4,
            Fault::NoGroups => 5,
            Fault::Slow { .. } => 6,
            Fault::NoCors => 7,
            Fault::AnyToken => 8,
            Fault::IgnoresDeactivate => 9,
            Fault::PutDropsUnsent => 10,
            Fault::PatchUnsupported => 11,
        };
        &FAULTS[index]
    }

    fn same_kind(&self, other: &Fault) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Slow { ms } => write!(f, "slow={ms}"),
            other => f.write_str(other.name()),
        }
    }
}

/// Why a fault name did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFaultError(String);

impl fmt::Display for ParseFaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseFaultError {}

impl FromStr for Fault {
    type Err = ParseFaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, parameter) = match text.split_once('=') {
            Some((name, parameter)) => (name.trim(), Some(parameter.trim())),
            None => (text.trim(), None),
        };
        let fault = match name.to_ascii_lowercase().as_str() {
            "duplicates-accepted" => Fault::DuplicatesAccepted,
            "case-sensitive-filter" => Fault::CaseSensitiveFilter,
            "plain-errors" => Fault::PlainErrors,
            "wrong-list-schema" => Fault::WrongListSchema,
            "empty-200-for-unknown" => Fault::EmptyOkForUnknown,
            "no-groups" => Fault::NoGroups,
            "no-cors" => Fault::NoCors,
            "any-token" => Fault::AnyToken,
            "ignores-deactivate" => Fault::IgnoresDeactivate,
            "put-drops-unsent" => Fault::PutDropsUnsent,
            "patch-unsupported" => Fault::PatchUnsupported,
            "slow" => {
                let ms = parameter
                    .and_then(|p| p.parse::<u32>().ok())
                    .ok_or_else(|| {
                        ParseFaultError(format!(
                            "slow needs a delay in milliseconds, as in slow=250 (got {text:?})"
                        ))
                    })?;
                return Ok(Fault::Slow { ms });
            }
            _ => {
                let known: Vec<&str> = FAULTS.iter().map(|f| f.usage).collect();
                return Err(ParseFaultError(format!(
                    "unknown fault {name:?}; known faults: {}",
                    known.join(", ")
                )));
            }
        };
        match parameter {
            None => Ok(fault),
            Some(_) => Err(ParseFaultError(format!(
                "fault {name} takes no parameter (got {text:?})"
            ))),
        }
    }
}

/// The faults that are on. At most one of each kind: inserting `slow=100` replaces `slow=50`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    on: Vec<Fault>,
}

impl Faults {
    /// No faults.
    pub fn new() -> Self {
        Faults::default()
    }

    /// Turns `fault` on, replacing a fault of the same kind.
    pub fn insert(&mut self, fault: Fault) {
        self.remove(fault);
        self.on.push(fault);
    }

    /// Turns off the fault of `fault`'s kind (its parameter is ignored); whether one was on.
    pub fn remove(&mut self, fault: Fault) -> bool {
        let before = self.on.len();
        self.on.retain(|f| !f.same_kind(&fault));
        self.on.len() != before
    }

    /// Whether a fault of `fault`'s kind is on (its parameter is ignored).
    pub fn contains(&self, fault: Fault) -> bool {
        self.on.iter().any(|f| f.same_kind(&fault))
    }

    /// The delay of the `slow` fault, if on.
    pub fn slow_ms(&self) -> Option<u32> {
        self.on.iter().find_map(|f| match f {
            Fault::Slow { ms } => Some(*ms),
            _ => None,
        })
    }

    /// The faults that are on, in the order they were turned on.
    pub fn iter(&self) -> impl Iterator<Item = &Fault> {
        self.on.iter()
    }

    /// Whether no fault is on.
    pub fn is_empty(&self) -> bool {
        self.on.is_empty()
    }

    /// Turns every fault off.
    pub fn clear(&mut self) {
        self.on.clear();
    }
}

impl FromIterator<Fault> for Faults {
    fn from_iter<I: IntoIterator<Item = Fault>>(iter: I) -> Self {
        let mut faults = Faults::new();
        for fault in iter {
            faults.insert(fault);
        }
        faults
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_round_trips_through_its_name() {
        for info in FAULTS {
            let text = info.usage.replace("MS", "250");
            let fault: Fault = text.parse().expect("documented usage parses");
            assert_eq!(fault.to_string(), text);
            assert_eq!(fault.info(), info);
        }
    }

    #[test]
    fn parse_errors_say_what_is_known() {
        assert_eq!(
            "nope".parse::<Fault>().map_err(|e| e.to_string()),
            Err("unknown fault \"nope\"; known faults: duplicates-accepted, case-sensitive-filter, plain-errors, wrong-list-schema, empty-200-for-unknown, no-groups, slow=MS, no-cors, any-token, ignores-deactivate, put-drops-unsent, patch-unsupported".to_owned())
        );
        assert_eq!(
            "slow".parse::<Fault>().map_err(|e| e.to_string()),
            Err("slow needs a delay in milliseconds, as in slow=250 (got \"slow\")".to_owned())
        );
        assert_eq!(
            "any-token=1".parse::<Fault>().map_err(|e| e.to_string()),
            Err("fault any-token takes no parameter (got \"any-token=1\")".to_owned())
        );
    }

    #[test]
    fn a_set_holds_one_fault_of_each_kind() {
        let mut faults: Faults = [Fault::Slow { ms: 50 }, Fault::AnyToken]
            .into_iter()
            .collect();
        faults.insert(Fault::Slow { ms: 100 });
        assert_eq!(faults.slow_ms(), Some(100));
        assert_eq!(faults.iter().count(), 2);
        assert!(faults.contains(Fault::Slow { ms: 0 }));
        assert!(faults.remove(Fault::Slow { ms: 0 }));
        assert!(!faults.remove(Fault::Slow { ms: 0 }));
        assert_eq!(faults.slow_ms(), None);
        faults.clear();
        assert!(faults.is_empty());
    }
}
