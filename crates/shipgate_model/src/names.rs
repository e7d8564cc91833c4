//! Names that carry meaning across the codebase: the columns that identify the acting
//! user, owner or tenant. One home, used by extraction and rules alike.

/// Column names that identify the acting user, owner or tenant.
pub fn is_identity_column(column: &str) -> bool {
    let c = column.to_ascii_lowercase().replace('_', "");
    matches!(
        c.as_str(),
        "userid"
            | "ownerid"
            | "accountid"
            | "tenantid"
            | "orgid"
            | "organizationid"
            | "organisationid"
            | "workspaceid"
            | "teamid"
            | "memberid"
            | "createdby"
            | "authorid"
            | "profileid"
            | "uid"
            | "customerid"
            | "companyid"
            | "creatorid"
            | "updatedby"
            | "assigneeid"
            | "senderid"
    )
}

/// Column names that key a row to a tenant: an organisation, workspace, team or company.
pub fn is_tenant_column(column: &str) -> bool {
    let c = column.to_ascii_lowercase().replace('_', "");
    matches!(
        c.as_str(),
        "tenantid"
            | "orgid"
            | "organizationid"
            | "organisationid"
            | "workspaceid"
            | "teamid"
            | "companyid"
    )
}

/// A SQL function parameter's name without the prefix people mark parameters with:
/// `p_user_id`, `_org_id`, `in_amount`, `target_user_id` give `user_id`, `org_id`,
/// `amount`, `user_id`.
pub fn bare_parameter(name: &str) -> &str {
    let mut n = name;
    for prefix in ["p_", "in_", "arg_", "_", "target_", "new_", "given_"] {
        if let Some(rest) = n.strip_prefix(prefix)
            && !rest.is_empty()
        {
            n = rest;
        }
    }
    n
}

/// Names of quantities of money or credit: `amount`, `credits`, `price_cents`,
/// `points_delta`, `quantity`.
pub fn is_amount_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.split('_').any(|w| {
        matches!(
            w,
            "amount"
                | "credit"
                | "credits"
                | "price"
                | "cents"
                | "balance"
                | "points"
                | "tokens"
                | "quantity"
                | "qty"
                | "delta"
                | "discount"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_amounts() {
        assert_eq!(bare_parameter("p_user_id"), "user_id");
        assert_eq!(bare_parameter("_org_id"), "org_id");
        assert_eq!(bare_parameter("target_user_id"), "user_id");
        assert_eq!(bare_parameter("uid"), "uid");
        assert!(is_amount_name("credit_amount"));
        assert!(is_amount_name("points"));
        assert!(!is_amount_name("account_name"));
    }

    #[test]
    fn identity_and_tenant_columns() {
        assert!(is_identity_column("user_id"));
        assert!(is_identity_column("tenantId"));
        assert!(!is_identity_column("title"));
        assert!(is_tenant_column("organization_id"));
        assert!(!is_tenant_column("user_id"));
    }
}
