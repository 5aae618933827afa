import JSON
import Testing

@testable import AWSJSONProtocol

/// Reads `body` with `read`; the `ValidationException` message, or nil when nothing was violated.
/// A `SerializationException` (or any other error) is thrown.
private func validationMessage(
    _ body: JSONValue, _ read: (StructureReader) throws(AWSError) -> Void
) throws(AWSError) -> String? {
    let validation = ShapeValidation()
    try read(try StructureReader.body(body, validation: validation))
    do {
        try validation.finish()
        return nil
    } catch {
        #expect(error.code == "ValidationException")
        #expect(error.status == 400)
        return error.message
    }
}

/// The error reading `body` threw, or nil.
private func thrownError(_ body: JSONValue, _ read: (StructureReader) throws(AWSError) -> Void) -> AWSError? {
    do {
        _ = try validationMessage(body, read)
        return nil
    } catch {
        return error
    }
}

private let lowercase = StringPattern("[a-z]+") { value in
    !value.isEmpty && value.unicodeScalars.allSatisfy { $0 >= "a" && $0 <= "z" }
}

@Suite struct ShapeReaderTests {
    @Test(arguments: [
        (JSONValue.array([]), "list"), (.string("x"), "string"), (.null, "null"), (.number(1), "number"), (.bool(true), "boolean"),
    ])
    func bodyMustBeAnObject(body: JSONValue, typeName: String) throws {
        let error = try #require(thrownError(body) { _ in })
        #expect(error == .serialization("The request body must be a JSON object, not a \(typeName)."))
    }

    @Test func emptyObjectBodyIsFine() throws {
        #expect(try validationMessage([:]) { _ in } == nil)
    }

    @Test func missingRequiredMember() throws {
        let message = try validationMessage([:]) { r throws(AWSError) in
            #expect(try r.string("WorkforceName", required: true) == nil)
        }
        #expect(message == "1 validation error detected: Value null at 'workforceName' failed to satisfy constraint: Member must not be null")
    }

    @Test func nullIsTreatedAsAbsent() throws {
        let required = try validationMessage(["WorkforceName": .null]) { r throws(AWSError) in
            _ = try r.string("WorkforceName", required: true)
        }
        #expect(required == "1 validation error detected: Value null at 'workforceName' failed to satisfy constraint: Member must not be null")

        let optional = try validationMessage(["Name": .null, "Count": .null, "List": .null, "Config": .null, "Flag": .null]) {
            r throws(AWSError) in
            #expect(try r.string("Name") == nil)
            #expect(try r.integer("Count", min: 1) == nil)
            #expect(try r.strings("List", min: 1) == nil)
            #expect(try r.boolean("Flag") == nil)
            let config: Int? = try r.structure("Config") { _ throws(AWSError) in 1 }
            #expect(config == nil)
        }
        #expect(optional == nil)
    }

    @Test func unknownMembersAreIgnored() throws {
        let message = try validationMessage(["Known": "a", "Unknown": [1, ["x": .null]], "AlsoUnknown": 3]) { r throws(AWSError) in
            #expect(try r.string("Known") == "a")
        }
        #expect(message == nil)
    }

    @Test func memberPathsAreLowerCamel() throws {
        let message = try validationMessage(["WorkforceVpcConfig": ["VpcId": ""]]) { r throws(AWSError) in
            _ = try r.structure("WorkforceVpcConfig") { v throws(AWSError) in
                try v.string("VpcId", StringConstraints(minLength: 1))
            }
            _ = try r.string("IpAddressType", required: true)
        }
        #expect(
            message
                == "2 validation errors detected: Value '' at 'workforceVpcConfig.vpcId' failed to satisfy constraint: Member must have length greater than or equal to 1; Value null at 'ipAddressType' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func lengthsCountUTF16CodeUnits() throws {
        let constraints = StringConstraints(minLength: 2, maxLength: 3)
        #expect(try validationMessage(["V": "😀"]) { r throws(AWSError) in _ = try r.string("V", constraints) } == nil)
        #expect(try validationMessage(["V": "a😀"]) { r throws(AWSError) in _ = try r.string("V", constraints) } == nil)
        #expect(
            try validationMessage(["V": "😀😀"]) { r throws(AWSError) in _ = try r.string("V", constraints) }
                == "1 validation error detected: Value '😀😀' at 'v' failed to satisfy constraint: Member must have length less than or equal to 3")
        #expect(
            try validationMessage(["V": "é"]) { r throws(AWSError) in _ = try r.string("V", constraints) }
                == "1 validation error detected: Value 'é' at 'v' failed to satisfy constraint: Member must have length greater than or equal to 2")
    }

    @Test func patternViolationQuotesThePatternSource() throws {
        let message = try validationMessage(["Name": "ABC"]) { r throws(AWSError) in
            #expect(try r.string("Name", StringConstraints(pattern: lowercase)) == "ABC")
        }
        #expect(message == "1 validation error detected: Value 'ABC' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+")
    }

    @Test func enumViolationListsTheValues() throws {
        let message = try validationMessage(["IpAddressType": "ipv6"]) { r throws(AWSError) in
            _ = try r.string("IpAddressType", .oneOf(["ipv4", "dualstack"]))
        }
        #expect(
            message
                == "1 validation error detected: Value 'ipv6' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]"
        )
    }

    @Test func enumValuesAreCaseSensitive() throws {
        let message = try validationMessage(["T": "IPV4"]) { r throws(AWSError) in _ = try r.string("T", .oneOf(["ipv4"])) }
        #expect(message != nil)
        #expect(try validationMessage(["T": "ipv4"]) { r throws(AWSError) in _ = try r.string("T", .oneOf(["ipv4"])) } == nil)
    }

    @Test func sensitiveValuesAreRedacted() throws {
        let secret = StringConstraints(minLength: 1, maxLength: 8, pattern: lowercase, isSensitive: true)
        let message = try #require(
            try validationMessage(["ClientSecret": "hunter22hunter22"]) { r throws(AWSError) in
                #expect(try r.string("ClientSecret", secret) == "hunter22hunter22")
            })
        #expect(
            message
                == "2 validation errors detected: Value '*** Sensitive Data Redacted ***' at 'clientSecret' failed to satisfy constraint: Member must have length less than or equal to 8; Value '*** Sensitive Data Redacted ***' at 'clientSecret' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"
        )
        #expect(!message.contains("hunter"))
    }

    @Test func oneValueBreakingSeveralConstraintsReportsEach() throws {
        let constraints = StringConstraints(minLength: 4, pattern: lowercase, enumValues: ["abcd"])
        let message = try validationMessage(["V": "X"]) { r throws(AWSError) in _ = try r.string("V", constraints) }
        #expect(
            message
                == "3 validation errors detected: Value 'X' at 'v' failed to satisfy constraint: Member must have length greater than or equal to 4; Value 'X' at 'v' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; Value 'X' at 'v' failed to satisfy constraint: Member must satisfy enum value set: [abcd]"
        )
    }

    @Test(arguments: [
        (JSONValue.number(0), "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        (.number(-5), "Value '-5' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        (.number(101), "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"),
    ])
    func integerRange(value: JSONValue, violation: String) throws {
        let message = try validationMessage(["MaxResults": value]) { r throws(AWSError) in
            _ = try r.integer("MaxResults", min: 1, max: 100)
        }
        #expect(message == "1 validation error detected: " + violation)
    }

    @Test func integersInRangeAreReturned() throws {
        _ = try validationMessage(["A": 1, "B": 100, "C": .number(1e2)]) { r throws(AWSError) in
            #expect(try r.integer("A", min: 1, max: 100) == 1)
            #expect(try r.integer("B", min: 1, max: 100) == 100)
            #expect(try r.integer("C") == 100)
        }
    }

    @Test(arguments: [
        (JSONValue.number(1.5), "number"), (.string("10"), "string"), (.bool(true), "boolean"), (.number(1e10), "number"),
        (.array([1]), "list"),
    ])
    func integerOfTheWrongTypeIsASerializationError(value: JSONValue, typeName: String) throws {
        let error = try #require(thrownError(["MaxResults": value]) { r throws(AWSError) in _ = try r.integer("MaxResults", min: 1) })
        #expect(error == .serialization("Unexpected value type at 'maxResults': expected integer, got \(typeName)."))
    }

    @Test func wrongTypesAreSerializationErrors() throws {
        let string = try #require(thrownError(["Name": 5]) { r throws(AWSError) in _ = try r.string("Name") })
        #expect(string == .serialization("Unexpected value type at 'name': expected string, got number."))

        let boolean = try #require(thrownError(["Success": "true"]) { r throws(AWSError) in _ = try r.boolean("Success") })
        #expect(boolean == .serialization("Unexpected value type at 'success': expected boolean, got string."))

        let structure = try #require(
            thrownError(["CognitoConfig": []]) { r throws(AWSError) in
                _ = try r.structure("CognitoConfig") { _ throws(AWSError) in 0 }
            })
        #expect(structure == .serialization("Unexpected value type at 'cognitoConfig': expected structure, got list."))

        let list = try #require(
            thrownError(["SourceIpConfig": ["Cidrs": "10.0.0.0/8"]]) { r throws(AWSError) in
                _ = try r.structure("SourceIpConfig") { s throws(AWSError) in try s.strings("Cidrs") }
            })
        #expect(list == .serialization("Unexpected value type at 'sourceIpConfig.cidrs': expected list, got string."))

        let element = try #require(thrownError(["Cidrs": ["10.0.0.0/8", 1]]) { r throws(AWSError) in _ = try r.strings("Cidrs") })
        #expect(element == .serialization("Unexpected value type at 'cidrs.2.member': expected string, got number."))

        let member = try #require(
            thrownError(["Tags": ["not a structure"]]) { r throws(AWSError) in
                _ = try r.structures("Tags") { _ throws(AWSError) in 0 }
            })
        #expect(member == .serialization("Unexpected value type at 'tags.1.member': expected structure, got string."))
    }

    @Test func typeErrorWinsOverViolationsFoundBeforeIt() throws {
        let error = try #require(
            thrownError(["A": "", "B": 5]) { r throws(AWSError) in
                _ = try r.string("A", required: true, StringConstraints(minLength: 1))
                _ = try r.string("Missing", required: true)
                _ = try r.string("B")
            })
        #expect(error.code == "SerializationException")
    }

    @Test func typeErrorWinsOverViolationsFoundAfterIt() throws {
        let error = try #require(
            thrownError(["B": 5]) { r throws(AWSError) in
                _ = try r.string("B")
                _ = try r.string("Missing", required: true)
            })
        #expect(error.code == "SerializationException")
    }

    @Test func listElementPathsAreOneBased() throws {
        let message = try validationMessage(["Cidrs": ["ok", "BAD", "ok", "ALSO"]]) { r throws(AWSError) in
            #expect(try r.strings("Cidrs", StringConstraints(pattern: lowercase)) == ["ok", "BAD", "ok", "ALSO"])
        }
        #expect(
            message
                == "2 validation errors detected: Value 'BAD' at 'cidrs.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; Value 'ALSO' at 'cidrs.4.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"
        )
    }

    @Test func structureListPathsNameTheMember() throws {
        let message = try validationMessage(["Tags": [["Key": "ok", "Value": "v"], ["Value": "v"], ["Key": "", "Value": "v"]]]) {
            r throws(AWSError) in
            let keys = try r.structures("Tags") { t throws(AWSError) in
                try t.string("Key", required: true, StringConstraints(minLength: 1))
            }
            #expect(keys == ["ok", nil, ""])
        }
        #expect(
            message
                == "2 validation errors detected: Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null; Value '' at 'tags.3.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    }

    @Test func listLengthViolationsRenderTheList() throws {
        let tooLong = try validationMessage(["Cidrs": ["a", "b", "c"]]) { r throws(AWSError) in _ = try r.strings("Cidrs", max: 2) }
        #expect(tooLong == "1 validation error detected: Value '[a, b, c]' at 'cidrs' failed to satisfy constraint: Member must have length less than or equal to 2")

        let empty = try validationMessage(["Ids": []]) { r throws(AWSError) in _ = try r.strings("Ids", min: 1) }
        #expect(empty == "1 validation error detected: Value '[]' at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1")

        let structures = try validationMessage(["Tags": [["Key": "a", "Value": 1], ["Key": "b", "Value": true]]]) {
            r throws(AWSError) in _ = try r.structures("Tags", max: 1) { _ throws(AWSError) in 0 }
        }
        #expect(
            structures
                == "1 validation error detected: Value '[{Key=a, Value=1}, {Key=b, Value=true}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 1"
        )
    }

    @Test func listsWithinBoundsHaveNoViolation() throws {
        let message = try validationMessage(["Ids": ["a"], "More": ["a", "b"]]) { r throws(AWSError) in
            _ = try r.strings("Ids", min: 1, max: 2)
            _ = try r.strings("More", min: 1, max: 2)
        }
        #expect(message == nil)
    }

    @Test func stringMapKeepsDocumentOrderAndCountsEntries() throws {
        _ = try validationMessage(["Params": ["z": "1", "a": "2"]]) { r throws(AWSError) in
            let pairs = try r.stringMap("Params", maxEntries: 2)
            #expect(pairs?.map(\.0) == ["z", "a"])
            #expect(pairs?.map(\.1) == ["1", "2"])
        }
        let tooMany = try validationMessage(["Params": ["a": "1", "b": "2", "c": "3"]]) { r throws(AWSError) in
            _ = try r.stringMap("Params", maxEntries: 2)
        }
        #expect(tooMany?.hasPrefix("1 validation error detected: Value '{a=1, b=2, c=3}' at 'params' failed to satisfy constraint: Member must have length less than or equal to 2") == true)

        let wrongValue = try #require(thrownError(["Params": ["a": 1]]) { r throws(AWSError) in _ = try r.stringMap("Params") })
        #expect(wrongValue.code == "SerializationException")
        let notAMap = try #require(thrownError(["Params": ["a"]]) { r throws(AWSError) in _ = try r.stringMap("Params") })
        #expect(notAMap.code == "SerializationException")
    }

    @Test func messageHeadCountsViolations() {
        let one = ValidationViolation(path: "a", renderedValue: "x", constraint: "C1")
        let two = ValidationViolation(path: "b.1.member", renderedValue: nil, constraint: "C2")
        #expect(ShapeValidation.message(for: [one]) == "1 validation error detected: Value 'x' at 'a' failed to satisfy constraint: C1")
        #expect(
            ShapeValidation.message(for: [one, two, one])
                == "3 validation errors detected: Value 'x' at 'a' failed to satisfy constraint: C1; Value null at 'b.1.member' failed to satisfy constraint: C2; Value 'x' at 'a' failed to satisfy constraint: C1"
        )
    }
}

/// Hostile inputs must get short answers (issue 4): the message is bounded whatever the request.
@Suite struct ShapeValidationBoundsTests {
    @Test func manyViolationsListTenAndCountTheRest() throws {
        let members = (0..<5_000).map { _ in "\"x\"" }.joined(separator: ",")
        let body = try JSONParser.parse(#"{"Items": [\#(members)]}"#)
        let validation = ShapeValidation()
        let reader = try StructureReader.body(body, validation: validation)
        _ = try reader.strings("Items", min: 1, max: 10, StringConstraints(minLength: 4))
        #expect(validation.count == 5_001)
        #expect(validation.violations.count == ShapeValidation.maximumListed)
        do {
            try validation.finish()
            Issue.record("expected a ValidationException")
        } catch {
            #expect(error.message.hasPrefix("5001 validation errors detected: Value 'x' at 'items.1.member'"))
            #expect(error.message.hasSuffix("; and 4991 more"))
            #expect(error.message.utf8.count < 4_000)
        }
    }

    @Test func longValuesAreCutInTheMessage() throws {
        let long = String(repeating: "n", count: 100_000)
        let validation = ShapeValidation()
        let reader = try StructureReader.body(try JSONParser.parse(#"{"Name": "\#(long)"}"#), validation: validation)
        _ = try reader.string("Name", StringConstraints(maxLength: 63))
        #expect(throws: AWSError.self) { try validation.finish() }
        let message = ShapeValidation.message(for: validation.violations, count: validation.count)
        #expect(message.contains(String(repeating: "n", count: ShapeValidation.maximumValueLength) + "…' at 'name'"))
        #expect(message.utf8.count < ShapeValidation.maximumValueLength + 200)
    }

    @Test func objectsWithManyMembersParseInLinearTime() throws {
        let members = (0..<100_000).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        // The same bytes as an array of strings and numbers: certainly linear, and timed under the same
        // conditions (a sanitizer, a busy machine), so the comparison holds wherever the suite runs.
        let elements = (0..<100_000).map { "\"k\($0)\", \($0)" }.joined(separator: ",")
        let arrayStarted = ContinuousClock.now
        _ = try JSONParser.parse("[\(elements)]")
        let arrayTime = ContinuousClock.now - arrayStarted
        let started = ContinuousClock.now
        let parsed = try JSONParser.parse("{\(members)}")
        let objectTime = ContinuousClock.now - started
        #expect(parsed.objectValue?.members.count == 100_000)
        #expect(parsed["k99999"] == 99_999)
        // Quadratic member insertion took tens of seconds here, thousands of times the array's parse;
        // linear indexing costs a small constant factor more.
        #expect(objectTime < arrayTime * 10 + .milliseconds(500), "object \(objectTime), array \(arrayTime)")
    }
}

@Suite struct ExactMemberNameTests {
    @Test func canonicallyEquivalentMemberNamesAreDifferentMembers() throws {
        // U+212A KELVIN SIGN is canonically equivalent to "K" for Swift's String ==, not for JSON.
        let parsed = try JSONParser.parse(#"{"Tag\u212Aeys": ["k"], "TagKeys": ["real"]}"#)
        #expect(parsed.objectValue?.members.count == 2)
        #expect(parsed["TagKeys"] == ["real"])
        let only = try JSONParser.parse(#"{"Tag\u212Aeys": ["k"]}"#)
        #expect(only["TagKeys"] == nil)
    }
}
