//! A request step: pre-request scripts, render, send, extract, post-response scripts, assert.

use crate::assert;
use crate::extract;
use crate::model::RequestStep;
use crate::request::{self, warning};
use crate::result::{
    AssertionOutcome, Body, Failure, Iteration, ReceivedResponse, ScriptResult, SentRequest,
    StepOutcome, StepResult, WarningKind,
};
use crate::script::{ScriptError, ScriptHost, ScriptKind, ScriptResponse};
use crate::secrets::Secrets;
use crate::source::Received;
use crate::template::Scope;
use crate::transport::{Clock, FailureKind, HttpRequest, Transport};

use super::{problem_warning, push_unique, skipped_assertion, Run};

impl<'a, 'x, T: Transport, C: Clock, S: ScriptHost> Run<'a, 'x, T, C, S> {
    fn build(&mut self, step: &RequestStep) -> request::Built {
        let mut scope = Scope {
            vars: &self.vars,
            now_ms: self.clock.now_ms(),
            rng: &mut self.rng,
            context: &self.context,
        };
        request::build(step, &mut scope, self.options.request_timeout_ms)
    }

    /// With [`RunOptions::ssws_as_bearer`](crate::RunOptions) on, sends Okta API tokens as
    /// the access token the variable holds. An undefined variable stays as written
    /// (`Bearer {{oktaAccessToken}}`) and is reported like any other, so the API token is
    /// never sent when the tester asked for the access token.
    fn okta_bearer(&mut self, request: &mut HttpRequest, res: &mut StepResult) {
        let Some(name) = self.options.ssws_as_bearer.clone() else {
            return;
        };
        if !request::sends_okta_api_token(request) {
            return;
        }
        let (token, problems) = self.render(&format!("{{{{{name}}}}}"));
        for p in &problems {
            push_unique(&mut res.warnings, problem_warning(p));
        }
        request::ssws_as_bearer(request, &token);
    }

    /// Runs a request step once, or once per value when its URL uses a variable given
    /// several values (the first such variable); the worst outcome counts.
    pub(super) async fn request_runs(
        &mut self,
        step: &RequestStep,
        path: Vec<usize>,
    ) -> StepOutcome {
        let iterated = if self.several.is_empty() {
            None
        } else {
            crate::template::variable_names(&step.url)
                .into_iter()
                .find_map(|name| self.several.get(&name).map(|v| (name, v.clone())))
        };
        let Some((variable, values)) = iterated else {
            return self.request_step(step, path, None).await;
        };
        let mut worst = StepOutcome::Pass;
        let count = values.len();
        for (index, value) in values.iter().enumerate() {
            if index > 0 && self.cancel.is_cancelled() {
                break;
            }
            self.vars.set(variable.as_str(), value.as_str());
            let iteration = Iteration {
                variable: variable.clone(),
                value: value.clone(),
                index,
                count,
            };
            let outcome = self.request_step(step, path.clone(), Some(iteration)).await;
            if rank(outcome) > rank(worst) {
                worst = outcome;
            }
            if outcome == StepOutcome::Cancelled {
                break;
            }
        }
        self.vars.set(variable.as_str(), values[0].as_str());
        worst
    }

    pub(super) async fn request_step(
        &mut self,
        step: &RequestStep,
        path: Vec<usize>,
        iteration: Option<Iteration>,
    ) -> StepOutcome {
        let mut res = self.blank("request", &step.note, path);
        res.iteration = iteration;
        self.started(&mut res);

        // Pre-request scripts see the request rendered with the variables of the moment and
        // may change it; without changes it is rendered again after them, so variables they
        // set are used.
        let mut changed: Option<HttpRequest> = None;
        for (index, source) in step.before_scripts.iter().enumerate() {
            if source.trim().is_empty() {
                continue;
            }
            let now = changed.clone().unwrap_or_else(|| self.build(step).request);
            let before = request::to_script(&now);
            let Some((result, after)) = self
                .script(ScriptKind::PreRequest, index, source, Some(&before), None)
                .await
            else {
                return self.cancelled(res, "the run was cancelled during a pre-request script");
            };
            script_warning(&mut res, &result);
            if let Some(after) = after {
                changed = Some(request::from_script(&before, &after, &now));
            }
            res.scripts.push(result);
        }
        let built = self.build(step);
        for p in &built.problems {
            push_unique(&mut res.warnings, problem_warning(p));
        }
        for w in built.warnings {
            if w.kind == WarningKind::Unsupported {
                self.unsupported.note(w, &res.path);
            } else {
                push_unique(&mut res.warnings, w);
            }
        }
        for (label, value) in &built.secrets {
            self.secrets.add(label, value);
        }
        let changed_by_script = changed.is_some();
        let mut request = changed.unwrap_or(built.request);
        self.okta_bearer(&mut request, &mut res);
        for h in &request.headers {
            self.secrets.add_header(&h.name, &h.value, true);
        }
        let limit = self.options.body_limit_bytes;
        res.request = Some(SentRequest {
            method: request.method.clone(),
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: request
                .body
                .as_deref()
                .map(|b| body_record(b, limit, &self.secrets)),
            headers_not_sent: Vec::new(),
        });

        if let Some(message) = self.not_approved(step, &request, changed_by_script) {
            res.outcome = StepOutcome::Error;
            res.reason = Some(message.clone());
            res.failure = Some(Failure {
                kind: FailureKind::NotApproved,
                message,
            });
            res.assertions = step.assertions.iter().map(skipped_assertion).collect();
            return self.ended(res);
        }

        let sent_at = self.clock.now_ms();
        let Some(outcome) = self.cancel.or_cancel(self.transport.send(&request)).await else {
            res.assertions = step.assertions.iter().map(skipped_assertion).collect();
            return self.cancelled(res, "the run was cancelled while waiting for the response");
        };
        let not_sent = match &outcome {
            Ok(r) => &r.headers_not_sent,
            Err(f) => &f.headers_not_sent,
        };
        if let Some(sent) = res.request.as_mut() {
            sent.headers_not_sent = not_sent.clone();
        }
        for n in not_sent {
            push_unique(
                &mut res.warnings,
                warning(
                    WarningKind::HeaderNotSent,
                    Some(&n.name),
                    format!("the {} header was not sent: {}", n.name, n.reason),
                ),
            );
        }
        let response = match outcome {
            Ok(r) => r,
            Err(failure) => {
                res.outcome = StepOutcome::Error;
                res.reason = Some(format!("no response: {}", failure.message));
                res.failure = Some(Failure {
                    kind: failure.kind,
                    message: failure.message,
                });
                res.assertions = step.assertions.iter().map(skipped_assertion).collect();
                return self.ended(res);
            }
        };
        let time_ms = response
            .timings
            .and_then(|t| t.total_ms)
            .unwrap_or_else(|| (self.clock.now_ms() - sent_at).max(0.0));
        let text = String::from_utf8_lossy(&response.body).into_owned();
        let size = response.body.len() as u64;
        for h in &response.headers {
            self.secrets.add_header(&h.name, &h.value, false);
        }
        res.response = Some(ReceivedResponse {
            status: response.status,
            reason: response.reason.clone(),
            headers: response.headers.clone(),
            // The size received: bytes that are not UTF-8 grow when shown as U+FFFD.
            body: Body {
                size_bytes: size,
                ..body_record(&text, limit, &self.secrets)
            },
            time_ms,
            timings: response.timings,
        });
        let received = Received::new(response.status, &response.headers, &text, time_ms, size);

        for x in &step.variables {
            if let Some(e) = extract::extract(x, &received) {
                if let Some(v) = &e.value {
                    self.set_var(&e.name, v);
                    self.script_set.remove(&e.name);
                }
                res.variables.push(e);
            }
        }

        // What scripts see is built only for a step that has scripts: it copies the body.
        if step.scripts.iter().any(|s| !s.trim().is_empty()) {
            let script_response = ScriptResponse {
                status: response.status,
                reason: response.reason.clone(),
                headers: request::grouped(&response.headers),
                body: text.clone(),
                response_time_ms: time_ms,
                size_bytes: size,
            };
            let script_request = request::to_script(&request);
            for (index, source) in step.scripts.iter().enumerate() {
                if source.trim().is_empty() {
                    continue;
                }
                let Some((result, _)) = self
                    .script(
                        ScriptKind::PostResponse,
                        index,
                        source,
                        Some(&script_request),
                        Some(&script_response),
                    )
                    .await
                else {
                    return self
                        .cancelled(res, "the run was cancelled during a post-response script");
                };
                script_warning(&mut res, &result);
                res.scripts.push(result);
            }
        }

        for a in &step.assertions {
            let expected = match &a.value {
                Some(v) => {
                    let (text, problems) = self.render(v);
                    for p in &problems {
                        push_unique(&mut res.warnings, problem_warning(p));
                    }
                    Some(text)
                }
                None => None,
            };
            res.assertions.push(assert::check(a, expected, &received));
        }
        judge(&mut res);
        self.ended(res)
    }
}

/// A body as the result keeps it: cut at `limit` bytes, never inside a secret known now
/// (the masker also hides the start of one learnt later: see `crate::secrets`).
fn body_record(text: &str, limit: u64, secrets: &Secrets) -> Body {
    let size = text.len() as u64;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if text.len() <= limit {
        return Body {
            text: text.to_string(),
            size_bytes: size,
            truncated: false,
            omitted: false,
        };
    }
    Body {
        text: text[..secrets.cut_point(text, limit)].to_string(),
        size_bytes: size,
        truncated: true,
        omitted: false,
    }
}

fn script_warning(res: &mut StepResult, script: &ScriptResult) {
    if let Some(e @ ScriptError::Unavailable { .. }) = &script.error {
        let which = match script.kind {
            ScriptKind::PreRequest => "pre-request",
            _ => "post-response",
        };
        push_unique(
            &mut res.warnings,
            warning(
                WarningKind::Script,
                None,
                format!("{which} script {} {e}", script.index + 1),
            ),
        );
    }
}

/// How bad an outcome is, for the worst of a step's runs.
fn rank(outcome: StepOutcome) -> u8 {
    match outcome {
        StepOutcome::Pass | StepOutcome::Skipped => 0,
        StepOutcome::Fail => 1,
        StepOutcome::Error => 2,
        StepOutcome::Cancelled => 3,
    }
}

/// Sets a request step's outcome from its assertions and scripts.
fn judge(res: &mut StepResult) {
    let total = res.assertions.len();
    let bad = res
        .assertions
        .iter()
        .filter(|a| matches!(a.outcome, AssertionOutcome::Fail | AssertionOutcome::Error))
        .count();
    let script_failed = res
        .scripts
        .iter()
        .flat_map(|s| &s.assertions)
        .filter(|a| !a.passed)
        .count();
    let script_error = res
        .scripts
        .iter()
        .filter_map(|s| s.error.as_ref())
        .find(|e| e.fails_step());
    let mut reasons = Vec::new();
    if bad > 0 {
        reasons.push(format!("{bad} of {total} assertions did not pass"));
    }
    if script_failed > 0 {
        reasons.push(format!("{script_failed} script assertions failed"));
    }
    if let Some(e) = script_error {
        reasons.push(e.to_string());
    }
    if !reasons.is_empty() {
        res.outcome = StepOutcome::Fail;
        res.reason = Some(reasons.join("; "));
    }
}
