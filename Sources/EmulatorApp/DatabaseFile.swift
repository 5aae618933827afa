import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the `--db` file cannot be used, in words a user acts on: the path and what to do.
public struct DatabaseFileError: Error, Sendable, CustomStringConvertible {
    /// One line: the path, the reason, and what to do instead.
    public let description: String
}

/// The database file, checked before SQLite opens it and owned by this process while it runs
/// (DESIGN "Persistence": one emulator process owns a database file).
///
/// Ownership is an advisory `flock(2)` on a descriptor of the file itself, held open until
/// ``release()``: it dies with the process, so `kill -9` never leaves it stale; it follows the inode, so
/// a relative path, an absolute path, a symlink and a container's volume all name the same file; and it
/// is independent of SQLite's own POSIX locks: closing any other descriptor of the file (as SQLite's
/// connections do) drops a process's POSIX locks (sqlite.org/howtocorrupt.html §2.2) but never a
/// `flock`, and SQLite never takes one (on the local file systems the emulator supports).
final class DatabaseFile: Sendable {
    /// The descriptor holding the lock; -1 once released.
    private let descriptor: LockedValue<Int32>
    /// The path as given.
    let path: String

    private init(path: String, descriptor: Int32, createdEmpty: Bool) {
        self.path = path
        self.descriptor = LockedValue(descriptor)
        self.createdEmpty = createdEmpty
    }

    deinit { release() }

    /// Checks `path` and takes ownership of it; nil for `:memory:`. Throws when the file or its folder
    /// cannot be used, or another process owns it; then nothing was created or changed.
    static func claim(_ path: String) throws(DatabaseFileError) -> DatabaseFile? {
        guard path != ":memory:", !path.isEmpty else { return nil }
        let existed = try check(path)
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw DatabaseFileError(description: "cannot open the database \(path): \(reason)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let owner = ownerPID(of: descriptor).map { "workforce-emulator (pid \($0))" } ?? "another process"
            close(descriptor)
            throw DatabaseFileError(
                description:
                    "the database \(describe(path)) is in use by \(owner); give each emulator its own --db FILE, or use --db :memory:")
        }
        return DatabaseFile(path: path, descriptor: descriptor, createdEmpty: !existed)
    }

    /// Whether this process created the (still empty) file, so a failed start can remove it again.
    private let createdEmpty: Bool

    /// Removes the file if this process created it and nothing was written to it (a start that failed).
    func removeIfCreatedEmpty() {
        var info = stat()
        if createdEmpty, stat(path, &info) == 0, info.st_size == 0 { unlink(path) }
    }

    /// Gives up ownership (the emulator stopped): another process may now take the file.
    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }

    // MARK: Checks

    /// Refuses a path SQLite could not use, saying why; returns whether the file exists.
    private static func check(_ path: String) throws(DatabaseFileError) -> Bool {
        let folder = folder(of: path)
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw DatabaseFileError(description: "the database path \(path) is a folder, not a file; give a file path such as \(path)/workforce-emulator.sqlite3")
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw DatabaseFileError(description: "the database path \(path) is not a regular file; give a file path or --db :memory:")
            }
            guard access(path, R_OK) == 0 else {
                throw DatabaseFileError(description: "the database \(path) cannot be read by this user (uid \(getuid())); fix its permissions or give another --db")
            }
            guard access(path, W_OK) == 0 else {
                throw DatabaseFileError(
                    description: "the database \(path) is read-only for this user (uid \(getuid())); the emulator writes every change to it: make it writable or give another --db")
            }
            // SQLite's write-ahead log lives beside the file: the folder must take new files unless both exist.
            if access(path + "-wal", F_OK) != 0 || access(path + "-shm", F_OK) != 0, access(folder, W_OK | X_OK) != 0 {
                throw DatabaseFileError(
                    description: "the folder \(folder) of the database \(path) is not writable by this user (uid \(getuid())); SQLite keeps its -wal and -shm files there: make it writable or give another --db")
            }
            return true
        }
        guard errno == ENOENT else {
            throw DatabaseFileError(description: "cannot use the database \(path): \(String(cString: strerror(errno)))")
        }
        guard stat(folder, &info) == 0 else {
            throw DatabaseFileError(description: "cannot create the database \(path): the folder \(folder) does not exist; create it or give another --db")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw DatabaseFileError(description: "cannot create the database \(path): \(folder) is not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw DatabaseFileError(
                description: "cannot create the database \(path): the folder \(folder) is not writable by this user (uid \(getuid())); make it writable or give another --db")
        }
        return false
    }

    /// The folder a path's file is in (`.` for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path`, and the file it resolves to when that reads differently (relative path, symlink).
    private static func describe(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        let absolute = String(cString: resolved)
        return absolute == path ? path : "\(path) (\(absolute))"
    }

    /// The pid holding a `flock` on the descriptor's file, from `/proc/locks` (Linux); nil where that
    /// cannot be told (another system, or an owner outside this pid namespace).
    private static func ownerPID(of descriptor: Int32) -> Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, let file = fopen("/proc/locks", "r") else { return nil }
        defer { fclose(file) }
        let device = UInt64(info.st_dev)
        // /proc/locks writes the device as MAJOR:MINOR in hex (glibc's gnu_dev_major/minor split).
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        let wanted = String(major, radix: 16, uppercase: false).leftPadded(to: 2) + ":"
            + String(minor, radix: 16, uppercase: false).leftPadded(to: 2) + ":" + String(info.st_ino)
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            // "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"
            let fields = String(cString: line).split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == wanted, let pid = Int(fields[4]), pid > 0, pid != Int(getpid())
            else { continue }
            return pid
        }
        return nil
    }
}
