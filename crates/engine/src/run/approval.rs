//! The check at send time: a request that would carry a secret to an origin the tester
//! did not approve is not sent (see `crate::hosts` for the rule).

use crate::hosts::{not_sent_message, origin_of, Carried};
use crate::model::RequestStep;
use crate::request;
use crate::script::ScriptHost;
use crate::transport::{Clock, HttpRequest, Transport};

use super::Run;

impl<T: Transport, C: Clock, S: ScriptHost> Run<'_, '_, T, C, S> {
    /// Why `request` must not be sent, or `None` when its origin is approved or it
    /// carries nothing secret (see `crate::hosts`).
    pub(super) fn not_approved(
        &self,
        step: &RequestStep,
        request: &HttpRequest,
        changed_by_script: bool,
    ) -> Option<String> {
        let approved = self.approved.as_ref()?;
        let origin = origin_of(&request.url);
        if origin.as_ref().is_some_and(|o| approved.contains(o)) {
            return None;
        }
        let carried = self.carried(step, request, changed_by_script)?;
        Some(not_sent_message(&carried, &request.url, origin.as_deref()))
    }

    /// What secret `request` would carry, if any: a known secret value in any form, or,
    /// when there are secrets a script could have read, what a script made.
    fn carried(
        &self,
        step: &RequestStep,
        request: &HttpRequest,
        changed_by_script: bool,
    ) -> Option<Carried> {
        let texts = [request.method.as_str(), request.url.as_str()]
            .into_iter()
            .chain(
                request
                    .headers
                    .iter()
                    .flat_map(|h| [h.name.as_str(), h.value.as_str()]),
            )
            .chain(request.body.as_deref());
        for text in texts {
            if let Some(label) = self.secrets.first_in(text) {
                return Some(Carried::Secret {
                    label: label.to_string(),
                });
            }
        }
        if self.secrets.is_empty() {
            return None;
        }
        if changed_by_script {
            return Some(Carried::PreRequestScript);
        }
        request::template_names(step).into_iter().find_map(|name| {
            if self.vars.get(&name).is_none_or(str::is_empty) {
                None
            } else if self.is_secret(&name) {
                Some(Carried::Secret { label: name })
            } else if self.script_set.contains(&name) {
                Some(Carried::ScriptVariable { name })
            } else {
                None
            }
        })
    }
}
