import SQLite
import SageMakerWorkforces

/// A table whose rows carry a ``WorkforceLifecycle`` as (status, failure reason, target, target reason,
/// due time): workforces and flow definitions. Its columns are stored and read in one place.
protocol LifecycleColumns: StoredColumn {
    static var status: Self { get }
    static var failureReason: Self { get }
    static var target: Self { get }
    static var targetReason: Self { get }
    static var dueMs: Self { get }
}

extension WorkforceColumn: LifecycleColumns {}
extension FlowDefinitionColumn: LifecycleColumns {}

extension RowValues where Column: LifecycleColumns {
    /// Sets the lifecycle's five columns.
    mutating func setLifecycle(_ lifecycle: WorkforceLifecycle) {
        self[.status] = .text(StoredFormat.status(lifecycle.status))
        self[.failureReason] = lifecycle.failureReason.map(SQLiteValue.text) ?? .null
        switch lifecycle.target {
        case nil: break
        case .active: self[.target] = .text(StoredFormat.Target.active)
        case .gone: self[.target] = .text(StoredFormat.Target.gone)
        case .failed(let reason):
            self[.target] = .text(StoredFormat.Target.failed)
            self[.targetReason] = .text(reason)
        }
        self[.dueMs] = lifecycle.dueAt.map(SQLiteValue.integer) ?? .null
    }
}

extension FieldReader where Column: LifecycleColumns {
    /// The lifecycle from its five columns.
    func lifecycle() throws(StoreError) -> WorkforceLifecycle {
        let target: TransitionTarget? =
            switch optionalText(.target) {
            case nil: nil
            case StoredFormat.Target.active: .active
            case StoredFormat.Target.gone: .gone
            case StoredFormat.Target.failed: .failed(reason: optionalText(.targetReason) ?? "")
            case let other?: throw corrupt(.target, "unknown target \(other)")
            }
        return WorkforceLifecycle(
            status: try decode(.status, StoredFormat.status), failureReason: optionalText(.failureReason), target: target,
            dueAt: optionalInteger(.dueMs))
    }
}
