import AWSJSONProtocol
import Locking
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// Whether the database takes writes (DESIGN "Admin endpoints": health is not 200 while it cannot).
///
/// A write that fails because of the machine (a full disk, an I/O error, a file made read-only: a
/// ``StoreError/WriteFault``) marks the database unwritable; the next write that commits, or a health
/// check's probe write, marks it writable again. Each change is one log line, not one per request.
final class StorageHealth: Sendable {
    /// What went wrong, and since when.
    struct Fault: Sendable {
        let kind: StoreError.WriteFault
        let since: ContinuousClock.Instant
        let detail: String
    }

    /// The database file, for messages.
    let path: String
    private let logger: Logger
    private let fault = LockedValue<Fault?>(nil)

    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    /// A read connection opened after start could not be (``StoreExecutor``): reads go on with the
    /// others, or on the writer.
    func readerUnavailable(_ error: StoreError) {
        logger.log(.warning, "reader_unavailable", ["db": path, "message": error.description])
    }

    /// The current fault, nil while writes work.
    var current: Fault? { fault.withLock { $0 } }

    /// The error to answer for `error`: a write fault becomes ``StorageFaultError`` (and marks the
    /// database unwritable); anything else is returned as it is.
    func classify(_ error: any Error) -> any Error {
        guard let store = error as? StoreError, let kind = store.writeFault else { return error }
        let started = fault.withLock { fault -> Bool in
            guard fault?.kind != kind else { return false }
            fault = Fault(kind: kind, since: .now, detail: store.description)
            return true
        }
        if started {
            logger.log(.error, "database_unwritable", ["db": path, "reason": kind.description, "error": store.description])
        }
        return StorageFaultError(kind: kind, path: path)
    }

    /// A write committed: the database takes writes (again).
    func writeSucceeded() {
        guard let ended = fault.withLock({ fault -> Fault? in
            defer { fault = nil }
            return fault
        }) else { return }
        let seconds = (ContinuousClock.now - ended.since).components.seconds
        logger.log(.info, "database_writable", ["db": path, "after_s": String(seconds), "was": ended.kind.description])
    }
}

/// A change that could not be committed because the machine refused the write: `503
/// ServiceUnavailable`, which SDKs retry with back-off (a disk that fills in CI often frees up), saying
/// what happened and where. Nothing of the change was applied.
struct StorageFaultError: HTTPResponseError {
    let kind: StoreError.WriteFault
    let path: String

    var awsError: AWSError {
        AWSError(
            code: "ServiceUnavailable",
            message: "The emulator could not write its database \(path): \(kind.description). Nothing was changed; free space or fix the file, then retry.",
            status: 503)
    }

    func response(requestID: String) -> HTTPResponse { awsError.response(requestID: requestID) }
}
