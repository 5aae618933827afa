import Testing

@testable import JSON

@Suite struct JSONValueTests {
    @Test func typeNamesAreTheOnesUsedInSerializationMessages() {
        let values: [JSONValue] = [.null, true, 1, "s", [], [:]]
        #expect(values.map(\.typeName) == ["null", "boolean", "number", "string", "list", "structure"])
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func assigningNilRemovesAMember() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        object["z"] = nil
        #expect(object.keys == ["a", "c"])
        object["a"] = "x"
        #expect(object.keys == ["a", "c"])
        #expect(object["a"] == "x")
    }

    @Test func objectEqualityDependsOnOrder() {
        #expect(JSONObject([("a", 1), ("b", 2)]) != JSONObject([("b", 2), ("a", 1)]))
        #expect(JSONObject([("a", 1), ("b", 2)]) == JSONObject([("a", 1), ("b", 2)]))
    }

    @Test func accessorsAnswerOnlyForTheirKind() {
        let value: JSONValue = ["s": "x", "n": 2, "b": true, "l": [1], "o": ["k": 1]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.numberValue == 2)
        #expect(value["b"]?.boolValue == true)
        #expect(value["l"]?.arrayValue == [1])
        #expect(value["o"]?["k"] == 1)
        #expect(value["s"]?.numberValue == nil)
        #expect(value["n"]?.stringValue == nil)
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([1])["k"] == nil)
    }

    /// Past `indexThreshold` members lookups go through an index: it must agree with the linear search
    /// through growth, removal (which shifts positions) and shrinking back below the threshold.
    @Test func largeObjectsLookUpTheSameAsSmallOnes() {
        let count = JSONObject.indexThreshold * 3
        var object = JSONObject()
        for index in 0..<count { object["k\(index)"] = .number(Double(index)) }
        #expect(object.keys.count == count)
        for index in 0..<count { #expect(object["k\(index)"] == .number(Double(index))) }
        object["k0"] = "replaced"
        #expect(object.keys.first == "k0" && object["k0"] == "replaced")
        for index in stride(from: 1, to: count, by: 2) { object["k\(index)"] = nil }
        #expect(object.keys == ["k0"] + stride(from: 2, to: count, by: 2).map { "k\($0)" })
        for index in stride(from: 2, to: count, by: 2) { #expect(object["k\(index)"] == .number(Double(index))) }
        for index in stride(from: 1, to: count, by: 2) { #expect(object["k\(index)"] == nil) }
        object["new"] = true
        #expect(object.keys.last == "new" && object["new"] == true)
    }

    @Test func keysCompareByExactBytes() {
        // The Kelvin sign is canonically equivalent to "K" for String ==, but it is another member name.
        var small: JSONObject = ["TagKeys": 1]
        small["Tag\u{212A}eys"] = 2
        #expect(small.keys.count == 2 && small["TagKeys"] == 1 && small["Tag\u{212A}eys"] == 2)
        var large = JSONObject((0...JSONObject.indexThreshold).map { ("m\($0)", JSONValue.number(Double($0))) })
        large["TagKeys"] = 1
        large["Tag\u{212A}eys"] = 2
        #expect(large["TagKeys"] == 1 && large["Tag\u{212A}eys"] == 2)
        // "é" precomposed and decomposed are equal Strings but different bytes.
        large["\u{E9}"] = 3
        large["e\u{301}"] = 4
        #expect(large["\u{E9}"] == 3 && large["e\u{301}"] == 4)
    }
}
