@testable import Rules

/// Helpers shared by the rule tests.
enum Fixture {
    static let file = "rules.d/test.yml"

    static let actors: [ActorDefinition] = [
        ActorDefinition(
            id: "north_korea",
            names: ["North Korea", "North Korean*", "DPRK", "Pyongyang", "Kim Jong Un", "북한", "КНДР"],
            location: SourceLocation(file: file, line: 2, column: 3)),
        ActorDefinition(
            id: "south_korea", names: ["South Korea", "South Korean*", "Seoul", "Yoon Suk Yeol", "Republic of Korea"],
            location: SourceLocation(file: file, line: 4, column: 3)),
        ActorDefinition(
            id: "russia", names: ["Russia", "Russian*", "Moscow", "Kremlin", "Putin", "Россия", "России"],
            location: SourceLocation(file: file, line: 6, column: 3)),
    ]

    /// A rule definition whose match string starts at line 10, column 12.
    static func rule(_ id: String, _ match: String, feeds: [String] = [], line: Int = 10) -> RuleDefinition {
        RuleDefinition(
            id: id, severity: .high,
            match: ExpressionSource(text: match, location: SourceLocation(file: file, line: line, column: 12)),
            feeds: feeds, location: SourceLocation(file: file, line: line - 1, column: 9))
    }

    /// Compiles one rule with the fixture actors; returns the set and the diagnostics.
    static func compile(_ match: String) -> (RuleSet, [String]) {
        let (set, diagnostics) = RuleSet.compile(actors: actors, rules: [rule("r", match)])
        return (set, diagnostics.map(\.description))
    }
}
