//! Where a suite's requests go, and which hosts may receive the tester's secrets.
//!
//! The engine lists, before a run, every origin the picked tests contact and whether a
//! request would carry a secret there (`suite_engine::plan_hosts`); at send time it refuses to
//! send a secret to an origin the run's policy does not approve. Here the tester's approvals
//! are kept: the page's own in-page hosts (the workshop demo never leaves the page), the
//! origins of base URLs the tester typed (typing a server's address is choosing it), and the
//! origins they tick. A value that came from the suite file is not the tester's choice: a
//! hostile suite could name any host there.

use std::sync::Arc;

use suite_engine::{origin_of, plan_hosts, Environment, HostPolicy, Suite};

use crate::session::Session;

/// Why an origin may receive secrets, or that it may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    /// A host this page answers itself (the workshop demo).
    InPage,
    /// The origin of a base URL the tester typed.
    TypedByYou,
    /// The tester ticked it.
    Approved,
    /// Not approved: requests carrying secrets there are not sent.
    NotApproved,
}

/// One origin the picked tests contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostRow {
    pub origin: String,
    /// How many requests go there.
    pub requests: usize,
    /// What secrets they would carry, named as masks name them (`auth`, `Authorization
    /// header`); empty when none.
    pub carries: Vec<String>,
    pub approval: Approval,
}

/// The hosts of the picked tests, and the requests whose host is known only during the run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    pub rows: Vec<HostRow>,
    /// `step 4: its URL uses next, which a script sets during the run`.
    pub unknown: Vec<String>,
}

impl Hosts {
    /// Origins that would receive a secret without being approved.
    pub fn unapproved_secret_hosts(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| !r.carries.is_empty() && r.approval == Approval::NotApproved)
            .map(|r| r.origin.as_str())
            .collect()
    }
}

/// Everything the host list depends on, cheap to compare: a view recomputes the list only
/// when this changes (the list renders every step's URL, so not at every keystroke or
/// batch of rows).
#[derive(Clone, Debug)]
pub struct HostsInput {
    tests: Vec<Arc<Suite>>,
    environment: Environment,
    approvals: Vec<(String, Approval)>,
}

/// The same tests (the same loaded ones, not equal copies: comparing suites step by step
/// would cost what the list saves), environment and approvals.
impl PartialEq for HostsInput {
    fn eq(&self, other: &HostsInput) -> bool {
        self.tests.len() == other.tests.len()
            && self
                .tests
                .iter()
                .zip(&other.tests)
                .all(|(a, b)| Arc::ptr_eq(a, b))
            && self.environment == other.environment
            && self.approvals == other.approvals
    }
}

impl HostsInput {
    /// Where the picked tests' requests go, with the environment as it was taken.
    pub fn hosts(&self) -> Hosts {
        let several = self.tests.len() > 1;
        let mut hosts = Hosts::default();
        for (t, test) in self.tests.iter().enumerate() {
            let plan = plan_hosts(test, &self.environment);
            for host in plan.hosts {
                let approval = self
                    .approvals
                    .iter()
                    .find(|(o, _)| *o == host.origin)
                    .map_or(Approval::NotApproved, |(_, a)| *a);
                let row = match hosts.rows.iter_mut().position(|r| r.origin == host.origin) {
                    Some(i) => &mut hosts.rows[i],
                    None => {
                        hosts.rows.push(HostRow {
                            approval,
                            origin: host.origin.clone(),
                            requests: 0,
                            carries: Vec::new(),
                        });
                        let last = hosts.rows.len() - 1;
                        &mut hosts.rows[last]
                    }
                };
                row.requests += host.requests.len();
                for carried in host.requests.iter().flat_map(|r| &r.carries) {
                    let name = carried.to_string();
                    if !row.carries.contains(&name) {
                        row.carries.push(name);
                    }
                }
            }
            for request in plan.unknown {
                let number: Vec<String> =
                    request.path.iter().map(|i| (i + 1).to_string()).collect();
                let at = if several {
                    format!("test {}, step {}", t + 1, number.join("."))
                } else {
                    format!("step {}", number.join("."))
                };
                let why = request
                    .unknown_because
                    .unwrap_or_else(|| "its address is known only during the run".into());
                hosts.unknown.push(format!("{at}: {why}"));
            }
        }
        hosts
    }
}

impl Session {
    /// Origins the page answers itself (the workshop demo's `.invalid` hosts).
    pub fn set_in_page_origins(&mut self, origins: Vec<String>) {
        self.in_page_origins = origins;
    }

    /// Approves an origin to receive secrets, or takes the approval back.
    pub fn approve_origin(&mut self, origin: &str, approved: bool) {
        self.approved_origins.retain(|o| o != origin);
        if approved {
            self.approved_origins.push(origin.to_string());
        }
    }

    fn approval_of(&self, origin: &str) -> Approval {
        if self.in_page_origins.iter().any(|o| o == origin) {
            Approval::InPage
        } else if self.typed_origins().iter().any(|o| o == origin) {
            Approval::TypedByYou
        } else if self.approved_origins.iter().any(|o| o == origin) {
            Approval::Approved
        } else {
            Approval::NotApproved
        }
    }

    /// Origins of the base URLs the tester typed (each line of a several-valued one).
    fn typed_origins(&self) -> Vec<String> {
        self.environment()
            .variables
            .iter()
            .filter(|v| v.base_url && !v.from_suite)
            .flat_map(|v| {
                v.value
                    .lines()
                    .filter_map(|l| origin_of(l.trim()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The run's host policy: only the approved origins may receive secrets.
    pub(crate) fn host_policy(&self) -> HostPolicy {
        let mut origins = self.in_page_origins.clone();
        origins.extend(self.typed_origins());
        origins.extend(self.approved_origins.iter().cloned());
        HostPolicy::only(origins)
    }

    /// What the host list depends on (see [`HostsInput`]).
    pub fn hosts_input(&self) -> HostsInput {
        let tests: Vec<Arc<Suite>> = self
            .suite()
            .map(|loaded| {
                loaded
                    .tests
                    .iter()
                    .zip(self.selected())
                    .filter(|(_, picked)| **picked)
                    .map(|(t, _)| t.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut origins: Vec<String> = self.in_page_origins.clone();
        origins.extend(self.typed_origins());
        origins.extend(self.approved_origins.iter().cloned());
        let approvals = origins
            .into_iter()
            .map(|o| {
                let a = self.approval_of(&o);
                (o, a)
            })
            .collect();
        HostsInput {
            tests,
            environment: self.environment().to_engine(),
            approvals,
        }
    }

    /// Where the picked tests' requests go, with the environment as it is now.
    pub fn hosts(&self) -> Hosts {
        self.hosts_input().hosts()
    }
}
