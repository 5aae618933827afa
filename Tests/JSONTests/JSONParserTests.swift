import Testing

@testable import JSON

/// A named input, so a failing table row says which one it was.
struct ParserCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    var testDescription: String { name }

    init(_ name: String, _ text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// The parse error, or nil if `bytes` parsed.
private func parseError(_ bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// `[[[...]]]` nested `depth` levels.
private func nestedArrays(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
}

/// `{"a":{"a":...{}}}` nested `depth` levels.
private func nestedObjects(_ depth: Int) -> String {
    String(repeating: "{\"a\":", count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
}

@Suite struct JSONParserValueTests {
    @Test func literals() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", 0.0), ("7", 7), ("-12", -12), ("1.5", 1.5), ("-0.25", -0.25),
        ("1e3", 1000), ("1E3", 1000), ("2.5e-3", 0.0025), ("1e+2", 100), ("-1.5E+1", -15),
        ("1764374400.123", 1_764_374_400.123), ("9007199254740992", 9_007_199_254_740_992),
    ])
    func numbers(text: String, value: Double) throws {
        #expect(try JSONParser.parse(text) == .number(value))
    }

    @Test func strings() throws {
        #expect(try JSONParser.parse("\"\"") == .string(""))
        #expect(try JSONParser.parse("\"plain text\"") == .string("plain text"))
        #expect(try JSONParser.parse("\"héllo 日本語 🎉\"") == .string("héllo 日本語 🎉"))
    }

    @Test func arraysKeepOrderAndMixKinds() throws {
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(
            try JSONParser.parse("[1,\"two\",true,null,[3],{\"k\":false}]")
                == .array([1, "two", true, .null, [3], ["k": false]]))
    }

    @Test func objectsKeepMemberOrder() throws {
        let value = try JSONParser.parse("{\"b\":1,\"a\":{\"z\":[],\"y\":{}},\"c\":\"x\"}")
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["a"]?.objectValue?.keys == ["z", "y"])
        #expect(object["c"] == "x")
        #expect(try JSONParser.parse("{}") == .object(JSONObject()))
    }

    @Test func simpleEscapes() throws {
        let text = #""q\" b\\ s\/ \b\f\n\r\t end""#
        #expect(try JSONParser.parse(text) == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t end"))
    }

    @Test func unicodeEscapes() throws {
        #expect(try JSONParser.parse(#""\u0041\u00e9\u00E9\u65e5""#) == .string("Aéé日"))
        #expect(try JSONParser.parse(#""a\u0000b""#) == .string("a\u{0}b"))
        #expect(try JSONParser.parse(#""\u001f""#) == .string("\u{1F}"))
    }

    @Test func surrogatePairsBecomeOneScalar() throws {
        let value = try JSONParser.parse(#""x\uD83D\uDE00y\ud83c\udf89""#)
        #expect(value == .string("x😀y🎉"))
        #expect(value.stringValue?.unicodeScalars.count == 4)
    }

    @Test func escapesMixedWithRawUTF8() throws {
        #expect(try JSONParser.parse(#""é\n日\t🎉\"""#) == .string("é\n日\t🎉\""))
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        let object = try #require(value.objectValue)
        #expect(object["a"] == 3)
        #expect(object["b"] == 2)
        #expect(object.keys.count == 2)
    }

    @Test func insignificantWhitespaceIsSkipped() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] ,\r\n\"b\" : null }\n ")
        #expect(value == ["a": [1, 2], "b": .null])
    }

    @Test func stringOverloadMatchesBytes() throws {
        #expect(try JSONParser.parse("[1]") == JSONParser.parse(Array("[1]".utf8)))
    }
}

@Suite struct JSONParserRejectionTests {
    static let invalid: [ParserCase] = [
        // surrogates
        ParserCase("lone high surrogate", #""\uD800""#),
        ParserCase("lone low surrogate", #""\uDC00""#),
        ParserCase("high surrogate then letter", #""\uD83Dx""#),
        ParserCase("high surrogate then non-surrogate escape", #""\uD83D\u0041""#),
        ParserCase("two high surrogates", #""\uD83D\uD83D""#),
        ParserCase("low then high surrogate", #""\uDE00\uD83D""#),
        // control characters
        ParserCase("raw newline in string", "\"a\nb\""),
        ParserCase("raw tab in string", "\"a\tb\""),
        ParserCase("raw NUL in string", bytes: [0x22, 0x61, 0x00, 0x22]),
        ParserCase("raw 0x1F in string", bytes: [0x22, 0x1F, 0x22]),
        // invalid UTF-8
        ParserCase("0xFF byte", bytes: [0x22, 0xFF, 0x22]),
        ParserCase("lone continuation byte", bytes: [0x22, 0x80, 0x22]),
        ParserCase("overlong NUL", bytes: [0x22, 0xC0, 0x80, 0x22]),
        ParserCase("truncated 3-byte sequence", bytes: [0x22, 0xE2, 0x82, 0x22]),
        ParserCase("UTF-8 encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22]),
        ParserCase("invalid UTF-8 in a key", bytes: Array("{\"".utf8) + [0xFE] + Array("\":1}".utf8)),
        ParserCase("invalid UTF-8 after an escape", bytes: Array(#""\n"#.utf8) + [0xFF, 0x22]),
        ParserCase("invalid UTF-8 outside strings", bytes: [0x5B, 0xC3, 0xA9, 0x5D]),
        // trailing data
        ParserCase("garbage after object", "{} x"),
        ParserCase("two values", "1 2"),
        ParserCase("extra bracket", "[]]"),
        ParserCase("literal with suffix", "nullx"),
        ParserCase("two objects", "{}{}"),
        // numbers
        ParserCase("leading zero", "01"),
        ParserCase("negative leading zero", "-01"),
        ParserCase("double zero in array", "[00]"),
        ParserCase("bare fraction", ".5"),
        ParserCase("negative bare fraction", "-.5"),
        ParserCase("trailing dot", "1."),
        ParserCase("dot before exponent", "1.e3"),
        ParserCase("plus sign", "+1"),
        ParserCase("minus alone", "-"),
        ParserCase("double minus", "--1"),
        ParserCase("exponent without digits", "1e"),
        ParserCase("exponent sign without digits", "1e+"),
        ParserCase("hex", "0x10"),
        ParserCase("NaN", "NaN"),
        ParserCase("Infinity", "Infinity"),
        ParserCase("overflow to infinity", "1e400"),
        // unterminated
        ParserCase("unterminated string", "\"abc"),
        ParserCase("unterminated escape", "\"abc\\"),
        ParserCase("short unicode escape", #""\u12""#),
        ParserCase("non-hex unicode escape", #""\u12G4""#),
        ParserCase("unterminated array", "[1,2"),
        ParserCase("unterminated object", "{\"a\":1"),
        ParserCase("object without value", "{\"a\""),
        ParserCase("object after colon", "{\"a\":"),
        ParserCase("open bracket", "["),
        ParserCase("open brace", "{"),
        // structure
        ParserCase("empty input", ""),
        ParserCase("whitespace only", " \n\t "),
        ParserCase("trailing comma in array", "[1,]"),
        ParserCase("trailing comma in object", "{\"a\":1,}"),
        ParserCase("leading comma", "[,1]"),
        ParserCase("unquoted key", "{a:1}"),
        ParserCase("single-quoted key", "{'a':1}"),
        ParserCase("single-quoted string", "'a'"),
        ParserCase("missing comma", "[1 2]"),
        ParserCase("missing colon", "{\"a\" 1}"),
        ParserCase("non-string key", "{1:1}"),
        ParserCase("truncated literal", "tru"),
        ParserCase("capitalised literal", "True"),
        ParserCase("invalid escape x", #""\x41""#),
        ParserCase("invalid escape U", #""\U0041""#),
        ParserCase("invalid escape quote", #""\'""#),
        // whitespace JSON does not allow
        ParserCase("vertical tab", "\u{0B}1"),
        ParserCase("form feed", "1\u{0C}"),
        ParserCase("no-break space", "\u{A0}1"),
        ParserCase("byte order mark", "\u{FEFF}{}"),
    ]

    @Test(arguments: invalid)
    func rejected(_ input: ParserCase) {
        #expect(parseError(input.bytes) != nil)
    }

    @Test func errorSaysWhereTrailingDataStarts() throws {
        let error = try #require(parseError(Array("{} x".utf8)))
        #expect(error.offset == 3)
        #expect(error.description == "unexpected data after the JSON value at byte 3")
    }

    @Test func loneSurrogateIsReportedAsSuch() throws {
        let error = try #require(parseError(Array(#""\uD800""#.utf8)))
        #expect(error.reason.contains("surrogate"))
    }

    @Test func invalidUTF8IsReportedAsSuch() throws {
        let error = try #require(parseError([0x22, 0x61, 0xFF, 0x22]))
        #expect(error.reason.contains("UTF-8"))
    }

    @Test func invalidUTF8AfterAnEscapeIsReportedAsSuch() throws {
        // "\n" then a lone continuation byte: the run after an escape is checked as the first one is.
        let error = try #require(parseError([0x22, 0x5C, 0x6E, 0x80, 0x22]))
        #expect(error.reason.contains("UTF-8"))
    }

    @Test func bufferOverloadMatchesBytes() throws {
        let bytes = Array(#"{"a":["é\n",1.5,true,null]}"#.utf8)
        let fromBuffer = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try JSONParser.parse(buffer) }
        #expect(fromBuffer == (try JSONParser.parse(bytes)))
    }
}

@Suite struct JSONParserDepthTests {
    @Test func sixtyFourLevelsOfArraysAreAccepted() throws {
        var value = try JSONParser.parse(nestedArrays(64))
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            value = elements.first ?? .null
        }
        #expect(depth == 64)
    }

    @Test func sixtyFiveLevelsOfArraysAreRejected() throws {
        let error = try #require(parseError(Array(nestedArrays(65).utf8)))
        #expect(error.reason.contains("nesting"))
    }

    @Test func sixtyFourLevelsOfObjectsAreAcceptedAndSixtyFiveRejected() {
        #expect(parseError(Array(nestedObjects(64).utf8)) == nil)
        #expect(parseError(Array(nestedObjects(65).utf8)) != nil)
    }

    @Test func mixedNestingCountsBothKinds() {
        // 32 × (object + array) = 64 levels, then one more array makes 65.
        let open = String(repeating: "{\"a\":[", count: 32)
        let close = String(repeating: "]}", count: 32)
        #expect(parseError(Array((open + close).utf8)) == nil)
        #expect(parseError(Array((open + "[]" + close).utf8)) != nil)
    }

    @Test func hostileDepthIsRejectedWithoutExhaustingTheStack() throws {
        let error = try #require(parseError(Array(repeating: UInt8(ascii: "["), count: 100_000)))
        #expect(error.reason.contains("nesting"))
        #expect(error.offset <= 65)
    }
}
