import JSON
import SageMakerWorkforces

/// Reads a `HumanLoopActivationConditions` string (human-review-api.md §4.3 rule 4; the schema of the A2I
/// guide's a2i-human-fallback-conditions-json-schema): JSON is the wire's business, so it is parsed here
/// into the domain's ``ActivationConditions``, which the rules check against the request source in their
/// own order. The string itself is kept elsewhere, to be echoed as sent.
public enum ActivationConditionsParser {
    /// How many `And`/`Or` levels may nest.
    public static let maxCompoundDepth = 2

    /// The document `text` is, or why it is not one.
    public static func parse(_ text: String) -> ActivationConditions {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            return .invalid(reason: "not a JSON document (\(error.description)).")
        }
        guard case .object(let object) = document else {
            return .invalid(reason: "the document must be a JSON object with a Conditions list.")
        }
        guard case .array(let items)? = object["Conditions"], !items.isEmpty else {
            return .invalid(reason: "Conditions must be a non-empty list of conditions.")
        }
        var conditions: [ActivationCondition] = []
        for item in items {
            switch condition(item, depth: 0) {
            case .success(let parsed): conditions.append(parsed)
            case .failure(let problem): return .invalid(reason: problem.reason)
            }
        }
        return .conditions(conditions)
    }

    private struct Problem: Error { let reason: String }

    private static func condition(_ value: JSONValue, depth: Int) -> Result<ActivationCondition, Problem> {
        guard case .object(let object) = value else {
            return .failure(Problem(reason: "each condition must be a JSON object."))
        }
        for (key, make) in [("And", ActivationCondition.and), ("Or", ActivationCondition.or)] {
            guard let operands = object[key] else { continue }
            guard depth < maxCompoundDepth else {
                return .failure(Problem(reason: "And and Or conditions nest at most \(maxCompoundDepth) levels deep."))
            }
            guard case .array(let items) = operands, items.count >= 2 else {
                return .failure(Problem(reason: "\(key) must be a list of at least two conditions."))
            }
            var parts: [ActivationCondition] = []
            for item in items {
                switch condition(item, depth: depth + 1) {
                case .success(let parsed): parts.append(parsed)
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(make(parts))
        }
        guard case .string(let type)? = object["ConditionType"] else {
            return .failure(Problem(reason: "each simple condition needs a ConditionType string."))
        }
        if let parameters = object["ConditionParameters"], parameters.objectValue == nil {
            return .failure(Problem(reason: "ConditionParameters of \(type) must be a JSON object."))
        }
        return .success(.simple(conditionType: type))
    }
}
