import Foundation
import Rules

extension ConfigLoader {
    /// `alerts.outputs` (README "Outputs"): each a named sink with a type and a filter.
    static func readOutputs(_ nodes: [YAMLNode], reader: inout YAMLReader) -> [OutputConfig] {
        var outputs: [OutputConfig] = []
        var names: [String: SourceLocation] = [:]
        for node in nodes {
            var name: String?
            var kind: OutputConfig.Kind?
            var output = OutputConfig(name: "", kind: .exec, location: reader.location(node))
            var given: [ConfigKey.Output: YAMLNode] = [:]
            var nameReported = false
            for (key, keyNode, value) in reader.mapping(node, what: "an output", keys: ConfigKey.Output.self) {
                given[key] = keyNode
                switch key {
                case .name:
                    nameReported = true
                    guard let s = reader.string(value, what: "output name") else { continue }
                    if s == "log" || s == "spool" || s.isEmpty
                        || !s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
                    {
                        reader.error(
                            value,
                            "output name '\(s)': letters, digits, - _ and . only, and not 'log' or 'spool' (those are the built-in sinks)"
                        )
                    } else if let first = names[s] {
                        reader.error(
                            value,
                            "duplicate output name '\(s)' (first used at line \(first.line)); give one of them another name"
                        )
                    } else {
                        names[s] = reader.location(value)
                        name = s
                    }
                case .type:
                    kind = reader.choice(value, what: "output type", as: OutputConfig.Kind.self)
                case .command:
                    output.command = reader.strings(value, what: "output command")
                case .timeout:
                    if let d = reader.duration(value, what: "output timeout", atLeast: .seconds(1)) {
                        output.timeout = d
                    }
                case .severity:
                    output.severity = reader.choice(value, what: "output severity", as: Severity.self)
                case .rules:
                    output.rules = reader.strings(value, what: "output rules")
                case .tags:
                    output.tags = reader.strings(value, what: "output tags")
                case .url:
                    output.url = secret(value, what: "output url", literalAllowed: true, reader: &reader) ?? ""
                case .from:
                    output.from = reader.string(value, what: "output from") ?? ""
                case .to:
                    output.to = reader.strings(value, what: "output to")
                case .username:
                    output.username = reader.string(value, what: "output username")
                case .password:
                    output.password = secret(value, what: "output password", literalAllowed: false, reader: &reader)
                case .passwordFile:
                    if let path = reader.string(value, what: "output password_file") {
                        output.password = secretFile(
                            reader.path(path), at: value, what: "password_file", reader: &reader)
                    }
                case .format:
                    output.format = reader.choice(value, what: "output format", as: OutputConfig.Format.self) ?? .json
                case .headers:
                    output.headers = headers(value, reader: &reader)
                case .caFile:
                    output.caFile = reader.certificateFile(value, what: "output ca_file")
                case .digest:
                    guard let text = reader.string(value, what: "output digest") else { continue }
                    switch DigestSchedule.parse(text) {
                    case .success(let schedule): output.digest = schedule
                    case .failure(let problem): reader.error(value, "output digest: '\(text)' \(problem)")
                    }
                }
            }
            guard let name else {
                if !nameReported { reader.error(node, "an output needs a name:") }
                continue
            }
            guard let kind else {
                if given[.type] == nil { reader.error(node, "output \(name) needs a type: email, webhook or exec") }
                continue
            }
            output.name = name
            output.kind = kind
            guard check(output, given: given, node: node, reader: &reader) else { continue }
            outputs.append(output)
        }
        return outputs
    }

    /// The keys each type needs, and those that belong to another type.
    private static func check(
        _ output: OutputConfig, given: [ConfigKey.Output: YAMLNode], node: YAMLNode, reader: inout YAMLReader
    ) -> Bool {
        let name = output.name
        let own: Set<ConfigKey.Output>
        switch output.kind {
        case .exec: own = [.command]
        case .email: own = [.url, .from, .to, .username, .password, .passwordFile, .caFile, .digest]
        case .webhook: own = [.url, .format, .headers, .caFile]
        }
        let foreign: Set<ConfigKey.Output> = [
            .command, .url, .from, .to, .username, .password, .passwordFile, .format, .headers, .caFile, .digest,
        ]
        var ok = true
        for key in foreign.subtracting(own) {
            if let keyNode = given[key] {
                reader.error(
                    keyNode, "output \(name): '\(key.rawValue)' does not apply to type \(output.kind.rawValue)")
                ok = false
            }
        }
        switch output.kind {
        case .exec:
            guard let program = output.command.first else {
                reader.error(
                    given[.command] ?? node,
                    "output \(name): command: [program, arguments...] is required for type exec")
                return false
            }
            if !program.hasPrefix("/") {
                reader.error(
                    given[.command] ?? node,
                    "output \(name): the program '\(program)' must be an absolute path (it is run without a shell or PATH)"
                )
                return false
            }
        case .email:
            if !output.url.hasPrefix("smtp://") && !output.url.hasPrefix("smtps://") {
                reader.error(
                    given[.url] ?? node,
                    "output \(name): url: smtp://HOST:587 (STARTTLS) or smtps://HOST:465 is required for type email")
                ok = false
            }
            if output.from.isEmpty || !output.from.contains("@") {
                reader.error(
                    given[.from] ?? node, "output \(name): from: an address such as newswatch@example.org is required")
                ok = false
            }
            if output.to.isEmpty || output.to.contains(where: { !$0.contains("@") }) {
                reader.error(
                    given[.to] ?? node, "output \(name): to: a list of addresses such as [desk@example.org] is required"
                )
                ok = false
            }
            for address in [output.from] + output.to
            where address.contains(where: { $0 == "<" || $0 == ">" || $0 == "," || $0.isWhitespace || $0.isNewline }) {
                reader.error(
                    given[.to] ?? node, "output \(name): '\(address)' is not a plain address; write it as name@domain")
                ok = false
            }
            if output.username != nil && output.password == nil && given[.password] == nil
                && given[.passwordFile] == nil
            {
                reader.error(
                    given[.username] ?? node,
                    "output \(name): username without a password; add password_file: PATH (or password: env:NAME)")
                ok = false
            }
            if given[.password] != nil && given[.passwordFile] != nil {
                reader.error(given[.password] ?? node, "output \(name): give password or password_file, not both")
                ok = false
            }
        case .webhook:
            if !output.url.hasPrefix("https://") && !output.url.hasPrefix("http://") {
                reader.error(
                    given[.url] ?? node,
                    "output \(name): url: an http:// or https:// address is required for type webhook")
                ok = false
            }
        }
        return ok
    }

    /// `headers:` a mapping of names to values; each value literal, `env:NAME` or `file:PATH`.
    private static func headers(_ node: YAMLNode, reader: inout YAMLReader) -> [String] {
        guard case .mapping(let pairs, _) = node else {
            reader.error(node, "output headers must be a mapping of header names to values")
            return []
        }
        var lines: [String] = []
        for (keyNode, value) in pairs {
            guard let name = keyNode.scalar?.string, !name.isEmpty,
                name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
            else {
                reader.error(keyNode, "a header name is a word of letters, digits and -, like Authorization")
                continue
            }
            if let text = secret(value, what: "header \(name)", literalAllowed: true, reader: &reader) {
                lines.append(name + ": " + text)
            }
        }
        return lines
    }

    /// A value that may be secret: `env:NAME` (the service's environment) or `file:PATH` (a file that
    /// others cannot read; its trailing newline is dropped), read at start and on reload. A literal is
    /// refused where `literalAllowed` is false (a password does not belong in the config).
    static func secret(_ node: YAMLNode, what: String, literalAllowed: Bool, reader: inout YAMLReader) -> String? {
        guard let text = reader.string(node, what: what) else { return nil }
        if text.hasPrefix("env:") {
            let variable = String(text.dropFirst(4))
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                reader.error(
                    node,
                    "\(what): the environment variable \(variable) is not set; set it for the service (Environment= or EnvironmentFile= in its unit)"
                )
                return nil
            }
            return value
        }
        if text.hasPrefix("file:") {
            return secretFile(reader.path(String(text.dropFirst(5))), at: node, what: what, reader: &reader)
        }
        if !literalAllowed {
            reader.error(
                node,
                "\(what): a secret is not written in the config; use password_file: PATH (a file only the service can read) or env:NAME"
            )
            return nil
        }
        if text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            reader.error(node, "\(what): a line break or NUL does not belong in it")
            return nil
        }
        return text
    }

    /// A secret file's first line: the file must exist and not be readable by everyone.
    static func secretFile(_ path: String, at node: YAMLNode, what: String, reader: inout YAMLReader) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            reader.error(node, "\(what): cannot read \(path): \(String(cString: strerror(errno)))")
            return nil
        }
        if info.st_mode & 0o007 != 0 {
            reader.error(
                node,
                "\(what): \(path) can be read by every user (mode \(String(info.st_mode & 0o777, radix: 8))); chmod o-rwx \(path) (0600, or 0640 with the service's group)"
            )
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            reader.error(node, "\(what): cannot read \(path): check that the service's user may read it")
            return nil
        }
        let value =
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !value.isEmpty else {
            reader.error(node, "\(what): \(path) is empty; put the secret on its first line")
            return nil
        }
        return value
    }
}
