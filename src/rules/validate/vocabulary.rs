//! Roles and scopes: the words rules bind and limit themselves with.

use toml::Spanned;

use super::{Ctx, Validator, check_country, check_id, first_definition};
use crate::rules::model::{RawRole, RawScope, RawScopeKind};
use crate::rules::{Role, Scope, ScopeKind};

impl<'a> Validator<'a> {
    /// Checks the roles of one file and keeps the first definition of each id.
    pub(super) fn validate_roles(&mut self, ctx: &Ctx<'a>, roles: &'a [Spanned<RawRole>]) {
        for role in roles {
            let r = role.get_ref();
            check_id(ctx, &r.id, "role", &mut self.diags);
            check_country(ctx, &r.jurisdiction, &mut self.diags);
            if first_definition(&mut self.role_ids, ctx, &r.id, "role", &mut self.diags) {
                self.set.roles.push(Role {
                    id: r.id.get_ref().clone(),
                    jurisdiction: r.jurisdiction.get_ref().clone(),
                    name: r.name.clone(),
                    description: r.description.clone(),
                });
            }
        }
    }

    /// Checks the scopes of one file and keeps the first definition of each id.
    pub(super) fn validate_scopes(&mut self, ctx: &Ctx<'a>, scopes: &'a [Spanned<RawScope>]) {
        for scope in scopes {
            let s = scope.get_ref();
            check_id(ctx, &s.id, "scope", &mut self.diags);
            if first_definition(&mut self.scope_ids, ctx, &s.id, "scope", &mut self.diags) {
                self.set.scopes.push(Scope {
                    id: s.id.get_ref().clone(),
                    kind: match s.kind {
                        RawScopeKind::Segment => ScopeKind::Segment,
                        RawScopeKind::Purpose => ScopeKind::Purpose,
                    },
                    description: s.description.clone(),
                });
            }
        }
    }
}
