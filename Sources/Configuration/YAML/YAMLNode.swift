/// A position in a YAML file, 1-based; the column counts characters, as libyaml does.
struct YAMLMark: Sendable, Equatable {
    var line: Int
    var column: Int
}

/// One node of a composed YAML document. Tags are not resolved: every scalar is text, and the readers
/// convert values themselves (so `on`, `1e3` or `2024-01-01` stay what the user wrote).
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case sequence([YAMLNode], YAMLMark)
    case mapping([(key: YAMLNode, value: YAMLNode)], YAMLMark)

    struct Scalar: Sendable {
        enum Style: Sendable {
            case plain, singleQuoted, doubleQuoted, literal, folded
        }

        var string: String
        var style: Style
        /// Where the scalar starts: at its opening quote, or at the `|`/`>` of a block scalar.
        var mark: YAMLMark
    }

    var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }
}
