import CivilTime
import SageMakerWorkforces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The few things the app took from FoundationEssentials (the clock, ISO 8601 text, files, the
// environment), on the C library instead: the binary then neither loads nor links FoundationEssentials,
// whose loading was about 0.6 ms of the 4 ms from exec to `main` (issue 15, start-up).

/// ISO 8601 / RFC 3339 §5.6 timestamps in UTC with milliseconds, as logs and the dashboard show them.
enum ISO8601Timestamp {
    /// `2025-11-29T00:00:00.000Z` (proleptic Gregorian; years before 1 or after 9999 are not expected).
    static func format(_ milliseconds: EpochMilliseconds) -> String {
        let days = CivilDate.floorDivide(milliseconds, 86_400_000)
        let millisecondOfDay = milliseconds - days * 86_400_000
        let date = CivilDate.date(daysSinceEpoch: days)
        let seconds = millisecondOfDay / 1000
        var text = digits(date.year, 4) + "-" + digits(date.month, 2) + "-" + digits(date.day, 2)
        text += "T" + digits(seconds / 3600, 2) + ":" + digits(seconds / 60 % 60, 2) + ":" + digits(seconds % 60, 2)
        return text + "." + digits(millisecondOfDay % 1000, 3) + "Z"
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        String(value).leftPadded(to: width)
    }
}

/// The wall clock, in whole milliseconds since the epoch (`clock_gettime(CLOCK_REALTIME)`).
enum WallClock {
    /// Now, rounded down to the millisecond.
    static func epochMilliseconds() -> EpochMilliseconds {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return EpochMilliseconds(now.tv_sec) * 1000 + EpochMilliseconds(now.tv_nsec) / 1_000_000
    }
}

/// Reading the local file system: fixture files and folders, the credentials file.
enum LocalFiles {
    /// What a path names.
    enum Kind {
        case file
        case directory
    }

    /// What `path` is (following symbolic links), or nil when nothing is there or it cannot be looked at.
    static func kind(of path: String) -> Kind? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT == S_IFDIR ? .directory : .file
    }

    /// The whole content of the file at `path`, or nil when it cannot be opened or read (a folder, no
    /// permission, an I/O error).
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The names in the folder at `path` (without `.` and `..`, in no particular order), or nil when it
    /// cannot be listed.
    static func names(inDirectory path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// The process's environment variables.
public enum ProcessEnvironment {
    /// Every `NAME=value` of the environment; for a name given twice, the first (as `getenv(3)` reads it).
    public static func current() -> [String: String] {
        var variables: [String: String] = [:]
        #if canImport(Darwin)
        let first = _NSGetEnviron()?.pointee
        #else
        let first: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ  // NULL after clearenv(3)
        #endif
        guard var entry = first else { return variables }
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }
}

extension String {
    /// `self` with zeros in front up to `width` characters (the database file's lock report uses it too).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
