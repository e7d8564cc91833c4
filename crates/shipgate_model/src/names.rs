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

/// What a column's values are, when its name says they are worth protecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitive {
    /// A credential: a password, a token, an API key, a secret.
    Secret,
    /// Personal data: an e-mail address, a phone number, an address, an IP address.
    Personal,
    /// A copy of other rows' values (`old_values`, `new_data`): whatever they held.
    Snapshot,
    /// What people wrote: a message, a note, a post's body.
    Writing,
}

/// The words of a name, lower-cased: `contact_email`, `contactEmail` and `ContactEmail`
/// give `contact`, `email`.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        cur.push(ch.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a table's name says it records events or reactions that anyone may send and
/// nobody reads back as truth: analytics, page views, clicks, telemetry, logs, metrics,
/// health checks, feedback, reactions (`page_view_events`, `docFeedback`,
/// `widget_analytics_logs`). An anonymous insert into one is a beacon or a public form.
pub fn is_event_table(table: &str) -> bool {
    const EVENT_WORDS: &[&str] = &[
        "analytics",
        "event",
        "events",
        "log",
        "logs",
        "metric",
        "metrics",
        "telemetry",
        "tracking",
        "pageview",
        "pageviews",
        "view",
        "views",
        "click",
        "clicks",
        "impression",
        "impressions",
        "beacon",
        "beacons",
        "feedback",
        "feedbacks",
        "reaction",
        "reactions",
    ];
    let words = words(table.rsplit('.').next().unwrap_or(table));
    // `health_checks` is one word here: a check that ran, not the word `check`.
    let health_check = words
        .windows(2)
        .any(|w| w[0] == "health" && w[1].starts_with("check"));
    // `events` or `views` alone may be what the app is about (concerts, saved views).
    let qualified =
        |w: &str| words.len() > 1 || !matches!(w, "event" | "events" | "view" | "views");
    health_check
        || words
            .last()
            .is_some_and(|w| EVENT_WORDS.contains(&w.as_str()) && qualified(w))
        || words
            .iter()
            .any(|w| matches!(w.as_str(), "analytics" | "telemetry" | "feedback"))
}

/// Whether a column's name says it holds a credential, personal data, a copy of other
/// rows or what people wrote; `None` for ids, names of things, counts, flags, settings
/// and timestamps. The telling word must name the value itself: `email` and
/// `email_address` hold one, `email_enabled` and `token_expires_at` do not.
pub fn sensitive_column(column: &str) -> Option<Sensitive> {
    let words = words(column);
    // Words that may follow the telling one and still name its value.
    let value_tail = |rest: &[String]| {
        rest.iter().all(|w| {
            matches!(
                w.as_str(),
                "hash"
                    | "hashed"
                    | "encrypted"
                    | "enc"
                    | "value"
                    | "number"
                    | "no"
                    | "raw"
                    | "plain"
                    | "text"
                    | "line"
                    | "line1"
                    | "line2"
                    | "address"
                    | "key"
            )
        })
    };
    let kind = |w: &str, prev: Option<&str>, next: Option<&str>| -> Option<Sensitive> {
        match w {
            "password" | "passwd" | "secret" | "token" | "apikey" | "otp" | "pin" => {
                Some(Sensitive::Secret)
            }
            "api" | "private" if next == Some("key") => Some(Sensitive::Secret),
            "email" | "phone" | "mobile" | "address" | "ip" | "ssn" | "dob" | "birthday"
            | "passport" | "iban" => Some(Sensitive::Personal),
            "birth" if next == Some("date") => Some(Sensitive::Personal),
            "message" | "messages" | "content" | "body" | "note" | "notes" | "transcript"
            | "prompt" | "journal"
                if !matches!(
                    prev,
                    Some("error" | "status" | "system" | "success" | "failure" | "commit")
                ) =>
            {
                Some(Sensitive::Writing)
            }
            "first" | "last" | "full" if next == Some("name") => Some(Sensitive::Personal),
            _ => None,
        }
    };
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        let prev = i.checked_sub(1).map(|p| words[p].as_str());
        if let Some(k) = kind(w, prev, next) {
            // `first_name`, `birth_date`: the pair names the value (`api_key`'s `key` is a
            // value word already).
            let rest = &words[i + 1..];
            let rest = if matches!(next, Some("name" | "date")) {
                &rest[1..]
            } else {
                rest
            };
            if value_tail(rest) {
                return Some(k);
            }
        }
    }
    let copy = matches!(
        words.first().map(String::as_str),
        Some("old" | "new" | "previous")
    ) && words
        .last()
        .is_some_and(|w| matches!(w.as_str(), "values" | "data" | "record" | "row"));
    if copy || words.iter().any(|w| w == "snapshot") || words == ["request", "body"] {
        return Some(Sensitive::Snapshot);
    }
    None
}

/// A code that is redeemed for value or access: the `code` of a coupon, gift card,
/// voucher, promotion or invitation table. Whoever reads it can use it.
pub fn is_redeemable_code(table: &str, column: &str) -> bool {
    let c = words(column);
    let t = words(table);
    matches!(c.as_slice(), [w] if w == "code")
        && t.iter().any(|w| {
            let w = w.trim_end_matches('s');
            matches!(
                w,
                "coupon"
                    | "gift"
                    | "giftcard"
                    | "voucher"
                    | "promo"
                    | "promotion"
                    | "invite"
                    | "invitation"
                    | "referral"
                    | "redemption"
            )
        })
}

/// A column named exactly for an integration credential: `access_token`,
/// `refresh_token`, `bot_token`, `oauth_token`, `api_key` (any case, with or without
/// underscores).
pub fn is_integration_credential(column: &str) -> bool {
    let c = column.to_ascii_lowercase().replace('_', "");
    matches!(
        c.as_str(),
        "accesstoken" | "refreshtoken" | "bottoken" | "oauthtoken" | "apikey"
    )
}

/// A column that holds an OAuth access or refresh token as it is (`access_token`,
/// `refreshToken`, `google_refresh_token`, `provider_token`); not a column that says it
/// holds a hash or ciphertext (`access_token_hash`, `encrypted_refresh_token`).
pub fn is_oauth_token_column(column: &str) -> bool {
    let w = words(column);
    let marked = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "hash"
                | "hashed"
                | "encrypted"
                | "enc"
                | "cipher"
                | "ciphertext"
                | "iv"
                | "expires"
                | "expiry"
                | "type"
                | "at"
                | "scope"
        )
    });
    if marked {
        return false;
    }
    let n = w.len();
    n >= 2
        && w[n - 1] == "token"
        && matches!(
            w[n - 2].as_str(),
            "access" | "refresh" | "provider" | "oauth" | "bot"
        )
}

#[cfg(test)]
mod tests {
    use super::is_event_table;

    #[test]
    fn event_tables_are_named_for_what_they_record() {
        for t in [
            "page_view_events",
            "pageViewEvent",
            "docFeedback",
            "widget_analytics_logs",
            "public.analytics_events",
            "domain_health_checks",
            "error_logs",
            "reaction",
            "ClickEvents",
        ] {
            assert!(is_event_table(t), "{t}");
        }
        for t in [
            "products",
            "orders",
            "stores",
            "event_bookings",
            "events_calendar_settings",
            "profiles",
            "catalog_views_config",
            "notifications",
            "logistics",
            "events",
            "views",
        ] {
            assert!(!is_event_table(t), "{t}");
        }
    }

    use super::*;

    #[test]
    fn integration_credentials() {
        assert!(is_integration_credential("refreshToken"));
        assert!(is_integration_credential("API_KEY"));
        assert!(!is_integration_credential("google_refresh_token"));
    }

    #[test]
    fn oauth_token_columns() {
        for c in [
            "access_token",
            "refreshToken",
            "google_refresh_token",
            "provider_token",
            "slack_bot_token",
        ] {
            assert!(is_oauth_token_column(c), "{c}");
        }
        for c in [
            "token",
            "access_token_hash",
            "encrypted_refresh_token",
            "token_expires_at",
            "api_key",
            "reset_token",
            "access_token_expires_at",
        ] {
            assert!(!is_oauth_token_column(c), "{c}");
        }
    }

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
    fn sensitive_columns() {
        use Sensitive::*;
        for (col, kind) in [
            ("api_key", Some(Secret)),
            ("stripe_secret", Some(Secret)),
            ("refresh_token", Some(Secret)),
            ("openaiApiKey", Some(Secret)),
            ("contact_email", Some(Personal)),
            ("phone", Some(Personal)),
            ("ip_address", Some(Personal)),
            ("billing_address", Some(Personal)),
            ("old_values", Some(Snapshot)),
            ("new_data", Some(Snapshot)),
            ("tenant_name", None),
            ("total_checks", None),
            ("email_enabled", None),
            ("token_count", None),
            ("token_expires_at", None),
            ("email_address", Some(Personal)),
            ("phone_number", Some(Personal)),
            ("first_name", Some(Personal)),
            ("password_hash", Some(Secret)),
            ("private_key", Some(Secret)),
            ("key", None),
            ("last_message_content", Some(Writing)),
            ("notes", Some(Writing)),
            ("error_message", None),
            ("message_count", None),
            ("metadata", None),
            ("zip", None),
            ("description", None),
        ] {
            assert_eq!(sensitive_column(col), kind, "{col}");
        }
    }

    #[test]
    fn redeemable_codes() {
        assert!(is_redeemable_code("gift_cards", "code"));
        assert!(is_redeemable_code("promoCodes", "code"));
        assert!(!is_redeemable_code("countries", "code"));
        assert!(!is_redeemable_code("coupons", "code_length"));
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
