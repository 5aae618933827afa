import Testing

@testable import AWSJSONProtocol

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
}
