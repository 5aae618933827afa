import AWSJSONProtocol
import JSON
import Locking
import SageMakerWorkforces

/// Faults armed through `/_emulator/faults`, for testing what a client does when AWS misbehaves.
///
/// - An operation fault answers the next `count` calls of one operation with a given error, before the
///   call is even decoded, so it changes nothing.
/// - A transition fault makes a workforce's next transition end in `Failed` with a reason (a transition
///   already pending is failed directly by the admin route, in the store).
///
/// Kept in memory: faults are part of a test run, not of the emulated state. Shared by connection
/// threads and the store queue, hence the lock.
final class FaultRegistry: Sendable {
    struct OperationFault: Sendable {
        let id: Int
        let operation: String
        let error: AWSError
        var remaining: Int
        let filter: NamespaceFilter
    }

    /// What kind of resource a transition fault waits for.
    enum Subject: Sendable, Equatable {
        /// A workforce's next transition.
        case workforce
        /// A flow definition's next creation (`Initializing` → `Failed`).
        case flowDefinition
    }

    struct TransitionFault: Sendable {
        let id: Int
        let subject: Subject
        let workforceName: String
        let reason: String
        let filter: NamespaceFilter
    }

    private struct State {
        var nextID = 1
        var operations: [OperationFault] = []
        var transitions: [TransitionFault] = []
    }

    private let state = LockedValue(State())

    /// Arms an operation fault; returns its id.
    func addOperationFault(operation: String, error: AWSError, count: Int, filter: NamespaceFilter) -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            state.operations.append(OperationFault(id: state.nextID, operation: operation, error: error, remaining: count, filter: filter))
            return state.nextID
        }
    }

    /// Arms a fault for the named workforce's (or flow definition's) next transition; returns its id.
    func addTransitionFault(workforceName: String, subject: Subject = .workforce, reason: String, filter: NamespaceFilter) -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            state.transitions.append(
                TransitionFault(id: state.nextID, subject: subject, workforceName: workforceName, reason: reason, filter: filter))
            return state.nextID
        }
    }

    /// The error for this call, if a fault is armed for it (using up one of its count).
    func takeOperationFault(operation: String, namespace: Namespace) -> AWSError? {
        state.withLock { state in
            guard let index = state.operations.firstIndex(where: { $0.operation == operation && $0.filter.matches(namespace) }) else {
                return nil
            }
            let error = state.operations[index].error
            state.operations[index].remaining -= 1
            if state.operations[index].remaining <= 0 { state.operations.remove(at: index) }
            return error
        }
    }

    /// The failure reason for a transition of `workforceName` that is starting now, if one is armed (used up).
    func takeTransitionFault(workforceName: String, subject: Subject = .workforce, namespace: Namespace) -> String? {
        state.withLock { state in
            guard
                let index = state.transitions.firstIndex(where: {
                    $0.subject == subject && $0.workforceName == workforceName && $0.filter.matches(namespace)
                })
            else {
                return nil
            }
            return state.transitions.remove(at: index).reason
        }
    }

    /// Removes the faults whose namespace filter overlaps `filter` (all when `.all`); returns how many.
    @discardableResult
    func clear(_ filter: NamespaceFilter = .all) -> Int {
        state.withLock { state in
            func overlaps(_ fault: NamespaceFilter) -> Bool {
                (filter.account == nil || fault.account == nil || filter.account == fault.account)
                    && (filter.region == nil || fault.region == nil || filter.region == fault.region)
            }
            let before = state.operations.count + state.transitions.count
            state.operations.removeAll { overlaps($0.filter) }
            state.transitions.removeAll { overlaps($0.filter) }
            return before - state.operations.count - state.transitions.count
        }
    }

    /// What is armed, as `GET /_emulator/faults` shows it.
    func listing() -> JSONValue {
        state.withLock { state in
            func scope(_ filter: NamespaceFilter, into object: inout JSONObject) {
                if let account = filter.account { object["account"] = .string(account) }
                if let region = filter.region { object["region"] = .string(region) }
            }
            let operations: [JSONValue] = state.operations.map { fault in
                var object: JSONObject = [
                    "id": .number(Double(fault.id)), "operation": .string(fault.operation),
                    "error": ["code": .string(fault.error.code), "status": .number(Double(fault.error.status)), "message": .string(fault.error.message)],
                    "remaining": .number(Double(fault.remaining)),
                ]
                scope(fault.filter, into: &object)
                return .object(object)
            }
            let transitions: [JSONValue] = state.transitions.map { fault in
                var object: JSONObject = ["id": .number(Double(fault.id))]
                object[fault.subject == .workforce ? "workforceName" : "flowDefinitionName"] = .string(fault.workforceName)
                object["reason"] = .string(fault.reason)
                scope(fault.filter, into: &object)
                return .object(object)
            }
            return ["operationFaults": .array(operations), "transitionFaults": .array(transitions)]
        }
    }
}
