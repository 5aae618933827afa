/// Severity of a log line.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, warning, error

    private var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    /// Whether `lhs` is less severe than `rhs`.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}

/// One line per event on stderr, `key=value` fields (STYLE "Logs"). Values with spaces or quotes are
/// quoted. Callers never pass a secret: nothing here could tell one from other text.
public struct Logger: Sendable {
    /// Lines below this level are dropped.
    public var level: LogLevel
    private let sink: @Sendable (String) -> Void

    /// A logger writing to standard error.
    public init(level: LogLevel) {
        self.init(level: level) { line in StandardStream.error.writeLine(line) }
    }

    /// A logger writing lines to `sink` (tests).
    public init(level: LogLevel, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.sink = sink
    }

    /// Whether lines at `level` are written.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Logs `event` with `fields` if `level` passes the filter.
    public func log(_ level: LogLevel, _ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        guard level >= self.level else { return }
        var line = "ts=\(Self.timestamp()) level=\(level.rawValue) event=\(event)"
        for (key, value) in fields {
            line += " \(key)=\(Self.quoted(value))"
        }
        sink(line)
    }

    /// Logs `event` with `fields` in order if `level` passes the filter (the HTTP server's events).
    public func log(_ level: LogLevel, _ event: String, _ fields: [(String, String)]) {
        guard level >= self.level else { return }
        var line = "ts=\(Self.timestamp()) level=\(level.rawValue) event=\(event)"
        for (key, value) in fields {
            line += " \(key)=\(Self.quoted(value))"
        }
        sink(line)
    }

    static func quoted(_ value: String) -> String {
        if value.isEmpty { return "\"\"" }
        guard value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else { return value }
        var escaped = "\""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    static func timestamp() -> String {
        ISO8601Timestamp.format(WallClock.epochMilliseconds())
    }
}
