import CivilTime
import Glibc

/// IMF-fixdate formatting for the `Date` header (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since 1970-01-01T00:00:00Z (proleptic Gregorian, UTC).
    static func format(epochSeconds: Int64) -> String {
        let days = CivilDate.floorDivide(epochSeconds, 86_400)
        let secondsOfDay = Int(epochSeconds - days * 86_400)
        let date = CivilDate.date(daysSinceEpoch: days)
        let (year, month, day) = (Int(date.year), Int(date.month), Int(date.day))
        // 1970-01-01 was a Thursday.
        let weekday = Int(((days % 7) + 7) % 7)
        return "\(dayNames[weekday]), \(twoDigits(day)) \(monthNames[month - 1]) \(fourDigits(year)) "
            + "\(twoDigits(secondsOfDay / 3600)):\(twoDigits(secondsOfDay / 60 % 60)):\(twoDigits(secondsOfDay % 60)) GMT"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func fourDigits(_ value: Int) -> String {
        let text = "\(value)"
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

/// The `Date` header value of one connection, formatted at most once a second, not per response.
struct DateHeaderCache {
    private var second = 0
    private var text = ""

    /// The IMF-fixdate of the current second.
    mutating func current() -> String {
        let now = time(nil)
        if now != second {
            second = now
            text = HTTPDate.format(epochSeconds: Int64(now))
        }
        return text
    }
}
