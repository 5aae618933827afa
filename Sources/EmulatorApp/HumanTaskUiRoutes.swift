import SageMakerWorkforces

/// `GET /_emulator/human-task-uis/<account>/<region>/<name>/template`: a UI's template as `text/html`,
/// the `UiTemplate.Url` DescribeHumanTaskUi gives (human-review-api.md §2, decided); 404 once it is gone.
enum HumanTaskUiRoutes {
    static let pathPrefix = "/_emulator/human-task-uis/"

    /// The template path of `ui`.
    static func templatePath(of ui: HumanTaskUi) -> String {
        "\(pathPrefix)\(ui.namespace.account)/\(ui.namespace.region)/\(ui.name)/template"
    }

    static func template(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let parts = route.http.path.dropFirst(pathPrefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3] == "template", Namespace.isAccountID(String(parts[0])), Namespace.isRegionName(String(parts[1])),
            Patterns.humanTaskUiName.matches(String(parts[2]))
        else {
            throw AdminError(status: 404, message: "no human task UI template at \(route.http.path)")
        }
        let namespace = Namespace(account: String(parts[0]), region: String(parts[1]))
        let name = String(parts[2])
        let path = route.http.path
        route.context.inStore(readOnly: true, { store in try store.humanTaskUi(named: name, in: namespace) }, respond) { ui in
            guard let ui else { throw AdminError(status: 404, message: "no human task UI template at \(path)") }
            return .html(200, ui.content)
        }
    }
}
