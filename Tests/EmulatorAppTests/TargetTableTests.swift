import Testing

@testable import EmulatorApp

@Suite struct TargetTableTests {
    @Test func everyOperationIsFoundByItsWholeTarget() {
        #expect(!OperationTable.operations.isEmpty)
        for (name, operation) in OperationTable.operations {
            #expect(OperationTable.byTarget["SageMaker.\(name)"]?.name == operation.name)
        }
    }

    /// Exactly the bytes: anything else goes on to `resolveOperation`'s slower path and its errors.
    @Test(arguments: [
        "", "SageMaker.", "sagemaker.DescribeWorkforce", "SageMaker.describeWorkforce", "SageMaker.DescribeWorkforceX",
        "SageMaker.DescribeWorkforc", " SageMaker.DescribeWorkforce", "Sagemaker.DescribeWorkforce", "SageMaker.DescribeModel",
        "SageMaker.DescribeWorkforcé",
    ])
    func nothingElseIs(target: String) {
        #expect(OperationTable.byTarget[target] == nil)
    }

    @Test func entriesOfOneLengthAreToldApart() {
        // DescribeWorkteam and DescribeWorkforce differ in length; ListWorkteams and ListWorkforces too,
        // but CreateWorkteam / DeleteWorkteam / UpdateWorkteam share one: each must find its own.
        for name in ["CreateWorkteam", "DeleteWorkteam", "UpdateWorkteam"] {
            #expect(OperationTable.byTarget["SageMaker.\(name)"]?.name == name)
        }
    }

    /// A call keeps the table's text for its target: it must be the header's text exactly.
    @Test func bytesGiveTheTargetsTextToo() {
        for name in OperationTable.operations.keys {
            let text = "SageMaker.\(name)"
            let found = Array(text.utf8).withUnsafeBufferPointer { OperationTable.byTarget[bytes: $0] }
            #expect(found?.target == text)
            #expect(found?.operation.name == name)
        }
        #expect(Array("SageMaker.describeWorkforce".utf8).withUnsafeBufferPointer { OperationTable.byTarget[bytes: $0] } == nil)
    }
}
