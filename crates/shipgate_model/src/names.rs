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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_tenant_columns() {
        assert!(is_identity_column("user_id"));
        assert!(is_identity_column("tenantId"));
        assert!(!is_identity_column("title"));
        assert!(is_tenant_column("organization_id"));
        assert!(!is_tenant_column("user_id"));
    }
}
