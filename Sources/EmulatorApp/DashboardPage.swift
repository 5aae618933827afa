import JSON
import SageMakerWorkforces

/// The dashboard's HTML: one self-contained page (inline style, no script, nothing loaded from
/// elsewhere, so it works offline), refreshing itself every few seconds. Every value a client could
/// have sent goes through ``HTMLText/escaped(_:)``; no secret is on it (the store has none, and
/// journal entries are shown without their bodies).
enum DashboardPage {
    /// Seconds between refreshes.
    static let refreshSeconds = 3

    /// The page for `snapshot`.
    static func render(_ snapshot: Dashboard.Snapshot) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>workforce-emulator dashboard</title>
            <style>\(style)</style></head>
            <body><header><h1>workforce-emulator</h1>
            <p class="meta">version \(Configuration.version) · \(time(snapshot.now)) · refreshes every \(refreshSeconds) s</p>
            <div class="actions">\(button("Complete pending transitions", action: "/_emulator/transitions/complete", back: snapshot.filter))\
            \(button("Reset everything to the fixtures", action: "/_emulator/reset", back: snapshot.filter, danger: true))</div>
            </header><main>

            """
        html += filterNote(snapshot)
        if snapshot.namespaces.isEmpty { html += "<p class=\"empty\" id=\"no-namespaces\">No workforces or work teams yet.</p>\n" }
        for state in snapshot.namespaces { html += namespaceSection(state, now: snapshot.now, back: snapshot.filter) }
        html += faultsSection(snapshot.faults)
        html += journalSection(snapshot.journal, capacity: snapshot.journalCapacity)
        html += "</main></body></html>\n"
        return html
    }

    /// The page's whole style sheet, inline (nothing is fetched).
    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2430}\
        header{background:#232f3e;color:#fff;padding:12px 20px}h1{font-size:20px;margin:0}\
        .meta{margin:2px 0 8px;color:#c8d0da}.actions form{display:inline-block;margin-right:8px}\
        main{padding:12px 20px}section{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:10px 14px;margin:0 0 14px}\
        h2{font-size:16px;margin:0 0 6px}h3{font-size:14px;margin:10px 0 4px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}\
        dt{color:#5b6776}dd{margin:0;word-break:break-all}table{border-collapse:collapse;width:100%}\
        th,td{text-align:left;border-bottom:1px solid #e6e9ee;padding:3px 6px;vertical-align:top}th{color:#5b6776;font-weight:600}\
        code{font:12px ui-monospace,monospace}.status{padding:1px 6px;border-radius:9px;font-size:12px;font-weight:600}\
        .Active{background:#d9f2df;color:#17612b}.Initializing,.Updating{background:#fff1c9;color:#7a5500}\
        .Deleting{background:#e6e9ee;color:#3c4654}.Failed,.err{background:#fbdcdc;color:#8a1c1c}.ok{background:#d9f2df;color:#17612b}\
        button{font:inherit;padding:3px 10px;border-radius:4px;border:1px solid #8c99aa;background:#fff;cursor:pointer}\
        button.danger{border-color:#b33;color:#b33}.empty,.hint{color:#5b6776}
        """

    // MARK: Sections

    /// What the page is narrowed to, and how many namespaces it left out.
    static func filterNote(_ snapshot: Dashboard.Snapshot) -> String {
        var parts: [String] = []
        if let account = snapshot.filter.account { parts.append("account \(HTMLText.escaped(account))") }
        if let region = snapshot.filter.region { parts.append("region \(HTMLText.escaped(region))") }
        var note = parts.isEmpty ? "" : "<p>Showing \(parts.joined(separator: ", ")) only · <a href=\"\(Dashboard.path)\">show all</a></p>\n"
        if snapshot.hiddenNamespaces > 0 {
            note += "<p>\(snapshot.hiddenNamespaces) more namespaces not shown: add <code>?account=…</code> or <code>?region=…</code>.</p>\n"
        }
        return note
    }

    /// One namespace: its workforce, its teams, its reset button.
    static func namespaceSection(_ state: Dashboard.Snapshot.NamespaceState, now: EpochMilliseconds, back: NamespaceFilter) -> String {
        let namespace = state.namespace
        let scope = "?account=\(namespace.account)&amp;region=\(namespace.region)"
        var html = """
            <section class="namespace" id="ns-\(HTMLText.escaped(namespace.account))-\(HTMLText.escaped(namespace.region))">
            <h2>Account \(HTMLText.escaped(namespace.account)) · \(HTMLText.escaped(namespace.region))</h2>

            """
        if let workforce = state.workforce {
            html += workforceBlock(workforce, now: now)
        } else {
            html += "<p class=\"empty\">No workforce.</p>\n"
        }
        html += "<h3>Work teams (\(state.teams.count))</h3>\n"
        if state.teams.isEmpty {
            html += "<p class=\"empty\">None.</p>\n"
        } else {
            html += "<table class=\"teams\"><tr><th>Name</th><th>Description</th><th>Members</th><th>Tags</th></tr>\n"
            for (team, tags) in state.teams {
                html += "<tr><td class=\"team-name\">\(HTMLText.escaped(team.name))</td><td class=\"team-description\">\(HTMLText.escaped(team.description))</td>"
                html += "<td>\(team.memberDefinitions.map(member).joined(separator: "<br>"))</td><td>\(tagList(tags))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<div class=\"actions\">\(button("Reset this namespace", action: "/_emulator/reset\(scope)", back: back, danger: true))</div>"
        return html + "</section>\n"
    }

    /// A workforce as a caller would see it at `now`, plus its pending transition.
    static func workforceBlock(_ workforce: Workforce, now: EpochMilliseconds) -> String {
        let observed = workforce.lifecycle.observed(at: now)
        let status = observed?.status.rawValue ?? "Deleted"
        var rows: [(String, String)] = [
            ("ARN", "<code>\(HTMLText.escaped(workforce.arn))</code>"),
            ("SubDomain", "<code class=\"subdomain\">\(HTMLText.escaped(workforce.subDomain))</code>"),
            ("Identity provider", identityProvider(workforce.identityProvider)),
            (
                "Source CIDRs",
                workforce.sourceIpCidrs.isEmpty
                    ? "any address" : workforce.sourceIpCidrs.map { "<code class=\"cidr\">\(HTMLText.escaped($0))</code>" }.joined(separator: " ")
            ),
            ("VPC", workforce.vpcConfig.map(vpc) ?? "none"),
            ("IP address type", HTMLText.escaped(workforce.ipAddressType?.rawValue ?? "ipv4 (not set)")),
        ]
        if workforce.lifecycle.isPending(at: now), let target = workforce.lifecycle.target, let due = workforce.lifecycle.dueAt {
            let destination =
                switch target {
                case .active: "Active"
                case .gone: "deleted"
                case .failed(let reason): "Failed (\(HTMLText.escaped(reason)))"
                }
            let seconds = Double(due - now) / 1000
            rows.append(("Pending", "<span class=\"pending\">\(status) → \(destination), due \(time(due)) (in \(threeDecimals(seconds)) s)</span>"))
        }
        if let reason = observed?.failureReason { rows.append(("Failure reason", "<span class=\"failure\">\(HTMLText.escaped(reason))</span>")) }
        if !workforce.tags.isEmpty { rows.append(("Tags", tagList(workforce.tags))) }
        rows.append(("Created · updated", "\(time(workforce.createdAt)) · \(time(workforce.lastUpdatedAt))"))
        var html = "<h3>Workforce <span class=\"workforce-name\">\(HTMLText.escaped(workforce.name))</span> "
        html += "<span class=\"status \(status)\">\(status)</span></h3>\n<dl>"
        for (name, value) in rows { html += "<dt>\(name)</dt><dd>\(value)</dd>" }
        return html + "</dl>\n"
    }

    /// The armed faults, from `GET /_emulator/faults`'s listing.
    static func faultsSection(_ listing: JSONValue) -> String {
        let operations = listing["operationFaults"]?.arrayValue ?? []
        let transitions = listing["transitionFaults"]?.arrayValue ?? []
        var html = "<section id=\"faults\"><h2>Armed faults</h2>\n"
        if operations.isEmpty && transitions.isEmpty { return html + "<p class=\"empty\">None.</p></section>\n" }
        html += "<table><tr><th>#</th><th>Fault</th><th>Answer</th><th>Left</th><th>Scope</th></tr>\n"
        for fault in operations {
            let error = fault["error"]
            html += "<tr><td>\(text(fault["id"]))</td><td>\(text(fault["operation"]))</td>"
            html += "<td>\(text(error?["status"])) \(text(error?["code"])): \(text(error?["message"]))</td>"
            html += "<td>\(text(fault["remaining"]))</td><td>\(scopeText(fault))</td></tr>\n"
        }
        for fault in transitions {
            html += "<tr><td>\(text(fault["id"]))</td><td>next transition of \(text(fault["workforceName"]))</td>"
            html += "<td>Failed: \(text(fault["reason"]))</td><td>1</td><td>\(scopeText(fault))</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    /// The latest journal entries with their outcome (no bodies).
    static func journalSection(_ entries: [JournalEntry], capacity: Int) -> String {
        var html = "<section id=\"journal\"><h2>Latest requests</h2>\n"
        guard capacity > 0 else { return html + "<p class=\"empty\">The journal is off (--journal-size 0).</p></section>\n" }
        if entries.isEmpty { return html + "<p class=\"empty\">None yet.</p></section>\n" }
        html += "<p class=\"hint\">Newest first; all of them (with bodies) at <a href=\"/_emulator/requests\">/_emulator/requests</a>.</p>\n"
        html += "<table><tr><th>#</th><th>Time</th><th>Namespace</th><th>Request</th><th>Outcome</th><th>ms</th></tr>\n"
        for entry in entries {
            let namespace = entry.namespace.map { "\(HTMLText.escaped($0.account)) · \(HTMLText.escaped($0.region))" } ?? "—"
            let request: String
            let outcome: String
            let isError = entry.status >= 400
            switch entry.detail {
            case .api(let call):
                request = HTMLText.escaped(call.operation)
                outcome = "\(entry.status)" + (call.errorCode.map { " " + HTMLText.escaped($0) } ?? "")
            case .portal(let visit):
                request = "portal \(HTMLText.escaped(visit.method)) from \(HTMLText.escaped(visit.address))"
                outcome = "\(entry.status) \(visit.decision.rawValue)"
            }
            html += "<tr><td>\(entry.sequence)</td><td>\(time(entry.time))</td><td>\(namespace)</td><td>\(request)</td>"
            html += "<td><span class=\"status \(isError ? "err" : "ok")\">\(outcome)</span></td><td>\(threeDecimals(entry.durationMilliseconds))</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    // MARK: Pieces

    /// A form posting to an admin endpoint, coming back to the dashboard (as filtered) afterwards.
    static func button(_ label: String, action: String, back: NamespaceFilter, danger: Bool = false) -> String {
        var page = Dashboard.path
        let query = [back.account.map { "account=\($0)" }, back.region.map { "region=\($0)" }].compactMap { $0 }
        if !query.isEmpty { page += "?" + query.joined(separator: "&") }
        return """
            <form method="post" action="\(action)"><input type="hidden" name="redirect" value="\(HTMLText.escaped(page))">\
            <button\(danger ? " class=\"danger\"" : "")>\(label)</button></form>
            """
    }

    /// How workers sign in (never the OIDC secret: the store has none).
    static func identityProvider(_ provider: IdentityProvider) -> String {
        switch provider {
        case .cognito(let config):
            "Cognito: user pool <code>\(HTMLText.escaped(config.userPool))</code>, client <code>\(HTMLText.escaped(config.clientId))</code>"
        case .oidc(let config):
            "OIDC: issuer <code>\(HTMLText.escaped(config.issuer))</code>, client <code>\(HTMLText.escaped(config.clientId))</code>"
        }
    }

    /// A VPC configuration on one line.
    static func vpc(_ config: WorkforceVpcConfig) -> String {
        let subnets = config.subnets.map(HTMLText.escaped).joined(separator: ", ")
        let groups = config.securityGroupIds.map(HTMLText.escaped).joined(separator: ", ")
        return "<code>\(HTMLText.escaped(config.vpcId))</code>; subnets \(subnets); security groups \(groups)"
    }

    /// A member definition on one line.
    static func member(_ definition: MemberDefinition) -> String {
        switch definition {
        case .cognito(let pool, let group, _): "Cognito group \(HTMLText.escaped(group)) (\(HTMLText.escaped(pool)))"
        case .oidc(let groups): "OIDC groups \(groups.map(HTMLText.escaped).joined(separator: ", "))"
        }
    }

    /// Tags as `key=value` chips.
    static func tagList(_ tags: [Tag]) -> String {
        tags.map { "<code class=\"tag\">\(HTMLText.escaped($0.key))=\(HTMLText.escaped($0.value))</code>" }.joined(separator: " ")
    }

    /// A string or number of a JSON listing, escaped; anything else empty.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let string): HTMLText.escaped(string)
        case .number(let number): JSONWriter.format(number)
        default: ""
        }
    }

    /// The namespaces a fault applies to.
    static func scopeText(_ fault: JSONValue) -> String {
        let parts = [fault["account"], fault["region"]].compactMap { $0.map(text) }
        return parts.isEmpty ? "every namespace" : parts.joined(separator: " · ")
    }

    /// `value` to three decimals (`1.250`), without Foundation's formatters.
    static func threeDecimals(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let magnitude = thousandths.magnitude
        let fraction = String(magnitude % 1000)
        return "\(thousandths < 0 ? "-" : "")\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// `2025-11-29T00:00:00.000Z`.
    static func time(_ milliseconds: EpochMilliseconds) -> String {
        ISO8601Timestamp.format(milliseconds)
    }
}
