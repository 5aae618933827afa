import WorkforceStore

/// Runs the writer's queued jobs as one transaction (issue 15, "group commit"): each UpdateWorkforce was
/// its own `BEGIN IMMEDIATE … COMMIT`, and the commit, not the change, was the cost. Jobs that queued up
/// while the previous drain ran share the next transaction, each `store.write` a savepoint in it
/// (``WorkforceStore/beginGroup()``), so a refused change rolls back alone; every answer is still sent
/// only after the one COMMIT it belongs to.
///
/// - A failed COMMIT fails every change of the group that had succeeded, with the COMMIT's error
///   (classified: a full disk answers each one 503 and marks ``StorageHealth``).
/// - When SQLite abandons the whole transaction mid-group (it does on a full disk or an I/O error), the
///   changes before it are lost: they fail with that change's error, and the rest start a new group.
/// - A single job runs exactly as it did before grouping, in its own transaction.
enum GroupCommit {
    /// One piece of work for the writer, and how to fail it without running it (shutdown).
    struct Job: Sendable {
        /// Runs the work (its errors already classified) and returns how to answer.
        let run: @Sendable (WorkforceStore) -> Outcome
        /// Answers with `error` without running.
        let fail: @Sendable (any Error) -> Void
    }

    /// What a job did, and its answer, held back until its transaction is decided.
    struct Outcome {
        /// The job's own error, if it failed (then it changed nothing, and keeps this answer).
        let failure: (any Error)?
        /// Answers: with the job's own result, or with the group's error when given one.
        let deliver: ((any Error)?) -> Void
    }

    /// Runs `jobs` in order on `store` and returns their answers, to be called after `afterWrite`.
    static func run(_ jobs: [Job], on store: WorkforceStore, classify: (any Error) -> any Error) -> [() -> Void] {
        if jobs.count == 1 {
            let outcome = jobs[0].run(store)
            return [{ outcome.deliver(nil) }]
        }
        var answers: [() -> Void] = []
        answers.reserveCapacity(jobs.count)
        var next = 0
        while next < jobs.count {
            do {
                try store.beginGroup()
            } catch {
                // Nothing of the rest ran: each in its own transaction, as without grouping.
                for job in jobs[next...] {
                    let outcome = job.run(store)
                    answers.append { outcome.deliver(nil) }
                }
                return answers
            }
            var members: [Outcome] = []
            var lost: (any Error)?
            while next < jobs.count {
                let outcome = jobs[next].run(store)
                next += 1
                members.append(outcome)
                if !store.isGroupOpen {
                    lost = outcome.failure ?? GroupLostError()
                    break
                }
            }
            var groupFailure = lost
            if lost != nil {
                store.rollbackGroup()
            } else {
                do {
                    try store.commitGroup()
                } catch {
                    groupFailure = classify(error)
                }
            }
            for member in members {
                let failure = member.failure == nil ? groupFailure : nil
                answers.append { member.deliver(failure) }
            }
        }
        return answers
    }
}

/// The group's transaction ended without an error to show for it (not expected: SQLite ends one only
/// on an error, which the job that met it reports).
struct GroupLostError: Error, CustomStringConvertible {
    var description: String { "the database abandoned the transaction; the change was not applied" }
}
