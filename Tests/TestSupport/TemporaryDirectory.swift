#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under $TMPDIR (or /tmp), removed with its files by `remove()`.
/// Written against libc: the store and its tests do without Foundation.
public struct TemporaryDirectory {
    public let path: String

    public init(prefix: String = "workforce-emulator-tests") throws {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let created else { throw POSIXFailure(call: "mkdtemp", code: errno) }
        path = created
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    public func exists(_ name: String) -> Bool { access(file(name), F_OK) == 0 }

    public func remove() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { unlink(file(name)) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    public func writeFile(_ bytes: [UInt8], to name: String) throws {
        let descriptor = open(file(name), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(call: "open", code: errno) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw POSIXFailure(call: "write", code: errno) }
    }

    /// Writes `text` as UTF-8 to the file `name` and returns the file's path.
    @discardableResult
    public func writeText(_ text: String, to name: String) throws -> String {
        try writeFile(Array(text.utf8), to: name)
        return file(name)
    }

    /// The file's bytes; empty when it does not exist.
    public func readFile(_ name: String) throws -> [UInt8] {
        let descriptor = open(file(name), O_RDONLY)
        if descriptor < 0 && errno == ENOENT { return [] }
        guard descriptor >= 0 else { throw POSIXFailure(call: "open", code: errno) }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw POSIXFailure(call: "read", code: errno) }
            if count == 0 { return result }
            result += chunk[0..<count]
        }
    }
}

public struct POSIXFailure: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    public var description: String { "\(call) failed with errno \(code)" }
}

/// Whether `needle` occurs in `haystack`.
public func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<(start + needle.count)]) == needle { return true }
    }
    return false
}
