import Testing

@testable import CivilTime

@Suite struct CivilDateTests {
    @Test(arguments: [
        (Int64(0), Int64(1970), Int64(1), Int64(1)),
        (-1, 1969, 12, 31),
        (11_016, 2000, 2, 29),
        (20_513, 2026, 3, 1),
        (20_786, 2026, 11, 29),
        (-719_468, 0, 3, 1),
        (2_932_896, 9999, 12, 31),
    ])
    func knownDates(days: Int64, year: Int64, month: Int64, day: Int64) {
        #expect(CivilDate.days(year: year, month: month, day: day) == days)
        let date = CivilDate.date(daysSinceEpoch: days)
        #expect(date.year == year && date.month == month && date.day == day)
    }

    @Test func everyDayOfFourCenturiesRoundTripsAndFollowsTheCalendar() {
        var previous = CivilDate.date(daysSinceEpoch: -146_098)
        for days in Int64(-146_097)...146_097 {
            let date = CivilDate.date(daysSinceEpoch: days)
            #expect(CivilDate.days(year: date.year, month: date.month, day: date.day) == days)
            let nextDay = date.day == previous.day + 1 && date.month == previous.month
            let nextMonth = date.day == 1 && (date.month == previous.month + 1 || (date.month == 1 && previous.month == 12))
            if !(nextDay || nextMonth) {
                Issue.record("\(previous) is not followed by \(date)")
                return
            }
            previous = date
        }
    }
}
