import Testing

@testable import JSON

@Suite struct JSONWriterTests {
    @Test func scalars() {
        #expect(JSONWriter.string(.null) == "null")
        #expect(JSONWriter.string(true) == "true")
        #expect(JSONWriter.string(false) == "false")
        #expect(JSONWriter.string("a") == "\"a\"")
    }

    @Test(arguments: [
        (0.0, "0"), (42, "42"), (-7, "-7"), (1_764_374_400, "1764374400"), (1e15, "1000000000000000"),
        (9_007_199_254_740_992, "9007199254740992"), (-0.0, "0"),
    ])
    func wholeNumbersHaveNoFraction(number: Double, text: String) {
        #expect(JSONWriter.string(.number(number)) == text)
    }

    @Test(arguments: [
        (1_764_374_400.123, "1764374400.123"), (1_764_374_400.5, "1764374400.5"), (0.5, "0.5"), (-2.25, "-2.25"),
        (1_764_374_400.001, "1764374400.001"),
    ])
    func fractionalNumbersUseTheShortestForm(number: Double, text: String) {
        #expect(JSONWriter.string(.number(number)) == text)
    }

    @Test func numbersBeyondTwoToThe53StillParseBack() throws {
        for number in [1e300, -1e20, 1.5e-10] {
            let text = JSONWriter.string(.number(number))
            #expect(try JSONParser.parse(text) == .number(number), "\(text)")
        }
    }

    @Test func membersKeepTheirOrder() {
        let object = JSONObject([("b", 1), ("a", 2), ("c", ["z": 1, "y": 2])])
        #expect(JSONWriter.string(.object(object)) == #"{"b":1,"a":2,"c":{"z":1,"y":2}}"#)
    }

    @Test func outputIsCompact() {
        let value: JSONValue = ["list": [1, "two", .null, [], [:]], "flag": false]
        #expect(JSONWriter.string(value) == #"{"list":[1,"two",null,[],{}],"flag":false}"#)
    }

    @Test func escapesWhatJSONRequires() {
        #expect(JSONWriter.string("q\"b\\") == #""q\"b\\""#)
        #expect(JSONWriter.string("\n\r\t") == #""\n\r\t""#)
        #expect(JSONWriter.string("\u{0}\u{1}\u{8}\u{C}\u{1F}") == #""\u0000\u0001\u0008\u000c\u001f""#)
        // Not required by RFC 8259, so written as is.
        #expect(JSONWriter.string("/ é 🎉 \u{7F}") == "\"/ é 🎉 \u{7F}\"")
    }

    @Test func everyStringRoundTrips() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let strings = [
            "", controls, "\"\\/", "héllo wörld", "日本語", "🎉😀", "\u{2028}\u{2029}", "a\u{0}b", "*** Sensitive Data Redacted ***",
        ]
        for string in strings {
            let value: JSONValue = ["k\n\(string)": .string(string)]
            #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        }
    }

    @Test func nestedValuesRoundTrip() throws {
        let value: JSONValue = [
            "Workforce": [
                "WorkforceName": "wf", "CreateDate": 1_764_374_400.123, "SourceIpConfig": ["Cidrs": []],
                "Tags": [["Key": "k", "Value": ""]], "Flag": true, "Nothing": .null, "Count": -3,
            ]
        ]
        let bytes = JSONWriter.bytes(value)
        #expect(try JSONParser.parse(bytes) == value)
        #expect(JSONWriter.bytes(try JSONParser.parse(bytes)) == bytes)
    }

    @Test func bytesAndStringAgree() {
        let value: JSONValue = ["é": [1.5, "x"]]
        #expect(JSONWriter.string(value) == String(decoding: JSONWriter.bytes(value), as: UTF8.self))
    }
}
