/// The string patterns of the human-review shapes (human-review-api.md §2, §4.3), each implemented by hand
/// like the workforce ones.
extension Patterns {
    /// `[a-z0-9](-*[a-z0-9])*`: lowercase letters, digits and inner hyphens.
    public static let humanTaskUiName = TextPattern("[a-z0-9](-*[a-z0-9])*") { isLowerHyphenated($0, maxAlphanumerics: nil) }

    /// `[a-z0-9](-*[a-z0-9]){0,62}`: as a UI name, with at most 63 letters and digits.
    public static let flowDefinitionName = TextPattern("[a-z0-9](-*[a-z0-9]){0,62}") { isLowerHyphenated($0, maxAlphanumerics: 63) }

    static func isLowerHyphenated(_ value: String, maxAlphanumerics: Int?) -> Bool {
        let scalars = value.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else {
            return false
        }
        var alphanumerics = 0
        for scalar in scalars {
            if isLowerAlphanumeric(scalar) {
                alphanumerics += 1
            } else if scalar != "-" {
                return false
            }
        }
        return maxAlphanumerics.map { alphanumerics <= $0 } ?? true
    }

    /// `[\S\s]+`: anything, at least one character.
    public static let templateContent = TextPattern("[\\S\\s]+") { !$0.isEmpty }

    /// `arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:workteam/.*`
    public static let workteamArn = TextPattern("arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:workteam/.*") { value in
        sageMakerArn(value, resourcePrefix: "workteam/", regionRequired: false)
    }

    /// `arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:[0-9]{12}:human-task-ui/.*`
    public static let humanTaskUiArn = TextPattern("arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]+:[0-9]{12}:human-task-ui/.*") { value in
        sageMakerArn(value, resourcePrefix: "human-task-ui/", regionRequired: true)
    }

    static func sageMakerArn(_ value: String, resourcePrefix: String, regionRequired: Bool) -> Bool {
        guard let parts = ARNParts(value), parts.service == "sagemaker" else { return false }
        return parts.partitionIsValid && parts.regionIsValid && (!regionRequired || !parts.region.isEmpty) && parts.accountIsValid
            && parts.resource.hasPrefix(resourcePrefix) && parts.resource.unicodeScalars.allSatisfy(isNotLineTerminator)
    }

    /// `arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`
    public static let roleArn = TextPattern("arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+") { value in
        guard let parts = ARNParts(value), parts.service == "iam", parts.region.isEmpty, parts.partitionIsValid, parts.accountIsValid,
            parts.resource.hasPrefix("role")
        else { return false }
        let rest = parts.resource.dropFirst(4).unicodeScalars
        return !rest.isEmpty && rest.allSatisfy { isAlphanumeric($0) || "_+=,.@-/".unicodeScalars.contains($0) }
    }

    /// `(https|s3)://([^/]+)/?(.*)`
    public static let s3Uri = TextPattern("(https|s3)://([^/]+)/?(.*)") { value in
        let rest: Substring
        if value.hasPrefix("s3://") {
            rest = value.dropFirst(5)
        } else if value.hasPrefix("https://") {
            rest = value.dropFirst(8)
        } else {
            return false
        }
        guard let first = rest.unicodeScalars.first, first != "/" else { return false }
        // `[^/]+` may take line terminators, `.*` may not: only a terminator after the first `/` fails.
        guard let slash = rest.firstIndex(of: "/") else { return true }
        return rest[slash...].unicodeScalars.allSatisfy(isNotLineTerminator)
    }

    /// `[a-zA-Z0-9:/_-]*`
    public static let kmsKeyId = TextPattern("[a-zA-Z0-9:/_-]*") { value in
        value.unicodeScalars.allSatisfy { isAlphanumeric($0) || ":/_-".unicodeScalars.contains($0) }
    }

    /// `[\t\n\r -\uD7FF\uE000-\uFFFD]*`: XML's characters of the Basic Multilingual Plane.
    public static let taskTitle = TextPattern("[\\t\\n\\r -\\uD7FF\\uE000-\\uFFFD]*") { value in
        value.unicodeScalars.allSatisfy { scalar in
            let v = scalar.value
            return v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
        }
    }

    /// `[A-Za-z0-9]+( [A-Za-z0-9]+)*`: words of letters and digits, one space apart.
    public static let taskKeyword = TextPattern("[A-Za-z0-9]+( [A-Za-z0-9]+)*") { value in
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        return words.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isAlphanumeric) }
    }
}
