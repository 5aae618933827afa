import CShims
import Dispatch
import Locking

/// Hands freed heap memory back to the system after connections go away.
///
/// 1,000 clients uploading 1 MiB bodies at once take the process past 1 GB; once they are answered and
/// gone, glibc keeps most of the freed pages in its arenas (55 MB of 15 MB idle measured here; large
/// buffers themselves are mapped separately, see ``ProcessSetup/prepareForServing()``). Every
/// two seconds, if fewer connections are open than at the last look, `malloc_trim` returns those pages,
/// and again at the next four looks (a connection's buffers are freed a while after it is counted out):
/// never on the request path, and no cost when nothing changed.
final class HeapTrimmer: @unchecked Sendable {
    // @unchecked: `timer` is set once in init; DispatchSource's resume and cancel are thread-safe.
    private let timer: any DispatchSourceTimer
    private struct Looks {
        var lastCount = 0
        var trimsDue = 0
    }

    private let looks = LockedValue(Looks())

    /// Starts looking every `interval`; `openConnections` tells how many connections are open now.
    init(interval: DispatchTimeInterval = .seconds(2), openConnections: @escaping @Sendable () -> Int) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "workforce-emulator.heap-trimmer", qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(500))
        timer.setEventHandler { [looks] in
            let now = openConnections()
            let trim = looks.withLock { looks in
                if now < looks.lastCount { looks.trimsDue = 5 }
                looks.lastCount = now
                guard looks.trimsDue > 0 else { return false }
                looks.trimsDue -= 1
                return true
            }
            if trim { _ = cshims_trim_heap() }
        }
        timer.resume()
    }

    /// Stops looking.
    func cancel() { timer.cancel() }
}
