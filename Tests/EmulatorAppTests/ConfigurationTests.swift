import AWSJSONProtocol
import SocketHTTPServer
import Testing

@testable import EmulatorApp

@Suite struct ConfigurationTests {
    func parse(_ arguments: [String], _ environment: [String: String] = [:]) throws -> Configuration {
        guard case .run(let configuration) = try Configuration.parse(arguments: arguments, environment: environment) else {
            Issue.record("expected a run request")
            return Configuration()
        }
        return configuration
    }

    @Test func defaultsMatchTheDesign() throws {
        let configuration = try parse([])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 4599)
        #expect(configuration.databasePath == "workforce-emulator.sqlite3")
        #expect(configuration.transitionDelay == 1)
        #expect(configuration.region == "us-east-1")
        #expect(configuration.accountID == "000000000000")
        #expect(configuration.logLevel == .info)
        #expect(configuration.headerReadTimeout == 10)
        #expect(configuration.idleTimeout == 60)
    }

    @Test func everyFlagIsRead() throws {
        let configuration = try parse([
            "--host", "0.0.0.0", "--port", "0", "--db", ":memory:", "--transition-delay", "0.25", "--region", "eu-west-1",
            "--account-id", "123456789012", "--log-level", "debug", "--fixtures", "a.json", "--fixtures=dir",
            "--header-read-timeout", "2.5", "--idle-timeout=30",
        ])
        #expect(configuration.headerReadTimeout == 2.5)
        #expect(configuration.idleTimeout == 30)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 0)
        #expect(configuration.databasePath == ":memory:")
        #expect(configuration.transitionDelayMilliseconds == 250)
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.accountID == "123456789012")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.fixtures == ["a.json", "dir"])
    }

    @Test func environmentIsReadAndFlagsWin() throws {
        let environment = [
            "WORKFORCE_EMULATOR_PORT": "5000", "WORKFORCE_EMULATOR_REGION": "ap-south-1",
            "WORKFORCE_EMULATOR_TRANSITION_DELAY": "0", "WORKFORCE_EMULATOR_FIXTURES": "a.json, b",
        ]
        let fromEnvironment = try parse([], environment)
        #expect(fromEnvironment.port == 5000)
        #expect(fromEnvironment.region == "ap-south-1")
        #expect(fromEnvironment.transitionDelay == 0)
        #expect(fromEnvironment.fixtures == ["a.json", "b"])
        let flagWins = try parse(["--port=6000"], environment)
        #expect(flagWins.port == 6000)
        #expect(flagWins.region == "ap-south-1")
    }

    @Test(arguments: [
        ["--nope"], ["--port", "70000"], ["--port", "x"], ["--port"], ["--transition-delay", "-1"],
        ["--transition-delay", "nan"], ["--idle-timeout", "0"], ["--header-read-timeout", "-3"], ["--account-id", "12"], ["--log-level", "loud"], ["--region", "Not A Region"], ["stray"],
    ])
    func badArgumentsAreRefused(_ arguments: [String]) {
        #expect(throws: ConfigurationError.self) { try Configuration.parse(arguments: arguments, environment: [:]) }
    }

    @Test func badEnvironmentValueNamesTheVariable() {
        #expect {
            try Configuration.parse(arguments: [], environment: ["WORKFORCE_EMULATOR_PORT": "eighty"])
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("WORKFORCE_EMULATOR_PORT") == true
        }
    }

    @Test func helpAndVersion() throws {
        #expect(try Configuration.parse(arguments: ["--help"], environment: [:]) == .help)
        #expect(try Configuration.parse(arguments: ["--port", "1", "--version"], environment: [:]) == .version)
    }
}

@Suite struct RequestIDTests {
    @Test func requestIDsAreLowercaseVersion4UUIDsAndDiffer() {
        let ids = (0..<1_000).map { _ in RequestID.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            let groups = id.split(separator: "-").map(\.count)
            #expect(groups == [8, 4, 4, 4, 12])
            #expect(id.allSatisfy { $0 == "-" || $0.isNumber || ("a"..."f").contains($0) })
            #expect(Array(id)[14] == "4")
            #expect("89ab".contains(Array(id)[19]))
        }
    }

    @Test func formatPlacesEveryBitOfHighAndTheVersionAndVariant() {
        #expect(RequestID.format(high: 0, low: 0) == "00000000-0000-4000-8000-000000000000")
        #expect(RequestID.format(high: .max, low: 0) == "ffffffff-ffff-4fff-8f00-000000000000")
        #expect(RequestID.format(high: 0, low: .max) == "00000000-0000-4000-b0ff-ffffffffffff")
        #expect(RequestID.format(high: 0x0123_4567_89ab_cdef, low: 0) == "01234567-89ab-4cde-8f00-000000000000")
    }

    /// Every successful API answer's headers come from a template whose request id is
    /// ``RequestID/placeholder``: the same bytes as AWSResponse's pairs, and an id as long as every real
    /// one (the length that shares the template's field list).
    @Test func successAnswersFromTheTemplateAreAWSResponsesSuccesses() {
        let body = Array(#"{"Workforce":{}}"#.utf8)
        for id in (0..<20).map({ _ in RequestID.make() }) + ["short", ""] {
            #expect(HTTPResponse.awsSuccess(body: body, requestID: id) == HTTPResponse(AWSResponse.success(body: body, requestID: id)))
        }
        for id in (0..<20).map({ _ in RequestID.next() }) + [RequestID(high: .max, low: .max)] {
            #expect(id.withText { String(decoding: $0, as: UTF8.self) } == id.text)
            #expect(HTTPResponse.awsSuccess(body: body, requestID: id) == HTTPResponse(AWSResponse.success(body: body, requestID: id.text)))
        }
        #expect(RequestID.placeholder.utf8.count == RequestID.make().utf8.count)
        #expect(RequestID.placeholder.utf8.count == RequestID.format(high: .max, low: .max).utf8.count)
    }

    @Test func mixIsAPermutationOnSmallInputs() {
        let outputs = Set((0..<UInt64(10_000)).map(RequestID.mix))
        #expect(outputs.count == 10_000)
        #expect(RequestID.mix(0) != 0)
    }
}
