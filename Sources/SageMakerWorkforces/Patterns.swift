/// A constraint on text, stated by the domain: the pattern's textual form (the service model's regular
/// expression, which AWS quotes in its validation messages) and a predicate that implements it by hand
/// (faster and more predictable than a regex engine on the request path).
public struct TextPattern: Sendable {
    /// The pattern as the service model writes it.
    public let source: String
    /// Whether the whole string satisfies the pattern.
    public let matches: @Sendable (String) -> Bool

    /// A pattern with its model text and predicate.
    public init(_ source: String, matches: @escaping @Sendable (String) -> Bool) {
        self.source = source
        self.matches = matches
    }
}

/// The string patterns of the SageMaker service model (spec/sagemaker-workforce-shapes.json) that say
/// what a valid name, id, ARN or tag is, each implemented by hand.
public enum Patterns {
    static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && isAlphanumeric(UInt8(c.value))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isLowerAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "0" && c <= "9")
    }

    /// Java's `.`: any character but a line terminator.
    static func isNotLineTerminator(_ c: Unicode.Scalar) -> Bool {
        !["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(c)
    }

    /// `[a-zA-Z0-9]([a-zA-Z0-9\-]){0,62}`
    /// Read off the UTF-8 bytes (every request names a workforce): a byte of a character outside ASCII
    /// is never a letter, digit or hyphen, so the bytes pass exactly when the characters would.
    public static let workforceName = TextPattern("[a-zA-Z0-9]([a-zA-Z0-9\\-]){0,62}") { value in
        let bytes = value.utf8
        guard let first = bytes.first, isAlphanumeric(first), bytes.count <= 63 else { return false }
        return bytes.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`: alphanumerics, hyphens only between them.
    public static let workteamName = TextPattern("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}") { value in
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        guard scalars.allSatisfy({ isAlphanumeric($0) || $0 == "-" }) else { return false }
        return scalars.filter(isAlphanumeric).count <= 63
    }

    /// `[ -~]+`: printable ASCII.
    public static let printableASCII = TextPattern("[ -~]+") { value in
        !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value <= 0x7E }
    }

    /// `[\w-]+_[0-9a-zA-Z]+` (a Cognito user pool id such as `us-east-1_AbC123`).
    public static let cognitoUserPool = TextPattern("[\\w-]+_[0-9a-zA-Z]+") { value in
        let scalars = Array(value.unicodeScalars)
        // The last '_' splits the id: what follows must be alphanumeric and non-empty; what precedes it
        // must be word characters or '-' (which include '_'), non-empty.
        guard let split = scalars.lastIndex(of: "_"), split > 0, split < scalars.count - 1 else { return false }
        return scalars[..<split].allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "-" }
            && scalars[(split + 1)...].allSatisfy(isAlphanumeric)
    }

    /// `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: letters, marks, symbols, numbers, punctuation (no spaces, no controls).
    public static let groupName = TextPattern("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+") { value in
        !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark,
                .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
                .decimalNumber, .letterNumber, .otherNumber,
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation:
                true
            default:
                false
            }
        }
    }

    /// `https://\S+`
    public static let oidcEndpoint = TextPattern("https://\\S+") { value in
        guard value.hasPrefix("https://") else { return false }
        let rest = value.unicodeScalars.dropFirst(8)
        return !rest.isEmpty && rest.allSatisfy { !isJavaWhitespace($0) }
    }

    /// Java's `\s`: `[ \t\n\x0B\f\r]`.
    static func isJavaWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\u{0B}" || c == "\u{0C}" || c == "\r"
    }

    /// `[!#-\[\]-~]+( [!#-\[\]-~]+)*`: space-separated words of printable ASCII without `"` and `\`.
    public static let scope = TextPattern("[!#-\\[\\]-~]+( [!#-\\[\\]-~]+)*") { value in
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        return !words.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { c in
                c == "!" || (c >= "#" && c <= "[") || (c >= "]" && c <= "~")
            }
        }
    }

    /// `.*` (Java: no line terminators).
    public static let anyLine = TextPattern(".*") { value in value.unicodeScalars.allSatisfy(isNotLineTerminator) }

    /// `.+`
    public static let nonEmptyLine = TextPattern(".+") { value in
        !value.isEmpty && value.unicodeScalars.allSatisfy(isNotLineTerminator)
    }

    /// `([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`: tag keys and values.
    public static let tagText = TextPattern("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)") { value in
        value.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .spaceSeparator, .lineSeparator, .paragraphSeparator,
                .decimalNumber, .letterNumber, .otherNumber:
                true
            default:
                "_.:/=+-@".unicodeScalars.contains(scalar)
            }
        }
    }

    /// `<prefix>[0-9a-z]*`, for `vpc-`, `sg-`, `subnet-` and `vpce-` ids.
    public static func awsIdentifier(prefix: String) -> TextPattern {
        TextPattern("\(prefix)[0-9a-z]*") { value in
            value.hasPrefix(prefix) && value.unicodeScalars.dropFirst(prefix.unicodeScalars.count).allSatisfy(isLowerAlphanumeric)
        }
    }

    /// `arn:aws[a-z\-]*:sns:[a-z0-9\-]*:[0-9]{12}:[a-zA-Z0-9_.-]*`
    public static let notificationTopicArn = TextPattern("arn:aws[a-z\\-]*:sns:[a-z0-9\\-]*:[0-9]{12}:[a-zA-Z0-9_.-]*") { value in
        guard let parts = ARNParts(value), parts.service == "sns" else { return false }
        return parts.partitionIsValid && parts.regionIsValid && parts.accountIsValid
            && parts.resource.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// `arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+`
    public static let resourceArn = TextPattern("arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+") { value in
        guard let parts = ARNParts(value), parts.service == "sagemaker" else { return false }
        return parts.partitionIsValid && parts.regionIsValid && parts.accountIsValid
            && !parts.resource.isEmpty && parts.resource.unicodeScalars.allSatisfy(isNotLineTerminator)
    }
}

/// `arn:<partition>:<service>:<region>:<account>:<resource>`, split on the first five colons.
struct ARNParts {
    var partition: Substring
    var service: Substring
    var region: Substring
    var account: Substring
    var resource: Substring

    init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = parts[1]
        service = parts[2]
        region = parts[3]
        account = parts[4]
        resource = parts[5]
    }

    var partitionIsValid: Bool {
        partition.hasPrefix("aws") && partition.dropFirst(3).unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || $0 == "-" }
    }
    var regionIsValid: Bool { region.unicodeScalars.allSatisfy { Patterns.isLowerAlphanumeric($0) || $0 == "-" } }
    var accountIsValid: Bool { account.count == 12 && account.unicodeScalars.allSatisfy { $0 >= "0" && $0 <= "9" } }
}
