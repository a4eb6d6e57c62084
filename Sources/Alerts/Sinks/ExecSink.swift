import Foundation

/// An `exec` output (README "Outputs"): runs its command without a shell for each alert it takes, with
/// the alert record (the spool's JSON, one line) on standard input and `NEWSWATCH_ALERT_ID` in the
/// environment. Exit status 0 is a delivery; any other status, a command that cannot start, or one
/// still running at `timeout` (then killed) leaves the alert pending, to be retried. What the command
/// writes to standard error is passed to `log`. `deliver` blocks until the command ends: call it on a
/// thread of its own.
public final class ExecSink: Sendable {
    public let name: String
    let command: [String]
    let timeout: Duration
    let log: @Sendable (String) -> Void

    public init(
        name: String, command: [String], timeout: Duration, log: @escaping @Sendable (String) -> Void
    ) {
        self.name = name
        self.command = command
        self.timeout = timeout
        self.log = log
    }

    public func prepare() throws(SinkError) {
        guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
            throw SinkError(
                sink: name, problem: "cannot run \(command.first ?? "(no command)"): not an executable file")
        }
    }

    public func deliver(_ alert: AlertRecord) throws(SinkError) {
        guard let program = command.first else { return }
        let record = Array((AlertFormatter.jsonLine(alert) + "\n").utf8)
        let run: Run
        do {
            run = try Run(command: command, environment: ["NEWSWATCH_ALERT_ID=" + alert.id])
        } catch {
            throw SinkError(sink: name, problem: "cannot run \(program): \(String(cString: strerror(error.code)))")
        }
        let outcome = run.finish(input: record, timeout: timeout)
        let said = String(decoding: outcome.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !said.isEmpty { log("\(name): \(program) said: \(said)") }
        switch outcome.end {
        case .exited(0):
            return
        case .exited(let status):
            throw SinkError(
                sink: name,
                problem:
                    "\(program) exited with status \(status) for alert \(alert.id); the alert stays pending and will be retried"
            )
        case .signaled(let signal):
            throw SinkError(
                sink: name,
                problem:
                    "\(program) was killed by signal \(signal) for alert \(alert.id); the alert stays pending and will be retried"
            )
        case .timedOut:
            throw SinkError(
                sink: name,
                problem:
                    "\(program) still ran after \(timeout.components.seconds)s and was killed with its children; the alert stays pending and will be retried"
            )
        }
    }

    /// One run of the command: spawned in its own process group (so that a timeout kills what it
    /// started too), standard input and standard error on pipes, standard output to /dev/null.
    struct Run {
        enum End: Equatable {
            case exited(Int32)
            case signaled(Int32)
            case timedOut
        }

        struct SpawnError: Error {
            var code: Int32
        }

        let pid: pid_t
        let input: Int32
        let errors: Int32

        init(command: [String], environment extra: [String]) throws(SpawnError) {
            var inPipe: [Int32] = [-1, -1]
            var errPipe: [Int32] = [-1, -1]
            guard pipe(&inPipe) == 0 else { throw SpawnError(code: errno) }
            guard pipe(&errPipe) == 0 else {
                let code = errno
                close(inPipe[0])
                close(inPipe[1])
                throw SpawnError(code: code)
            }
            // Not inherited by other children the service starts (the dup2 below gives the command its own).
            for fd in inPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // Its own process group; SIGPIPE back to its default (the service ignores it).
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
            let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + extra
            var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
            defer {
                for p in argv { free(p) }
                for p in envp { free(p) }
            }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, command[0], &actions, &attributes, &argv, &envp)
            close(inPipe[0])
            close(errPipe[1])
            guard rc == 0 else {
                close(inPipe[1])
                close(errPipe[0])
                throw SpawnError(code: rc)
            }
            _ = fcntl(inPipe[1], F_SETFL, O_NONBLOCK)
            _ = fcntl(errPipe[0], F_SETFL, O_NONBLOCK)
            self.pid = pid
            input = inPipe[1]
            errors = errPipe[0]
        }

        /// Writes `input`, collects standard error (its first 64 KiB), and waits for the end, at most
        /// `timeout`; then the process group is terminated, and killed 2 seconds later.
        func finish(input bytes: [UInt8], timeout: Duration) -> (end: End, stderr: [UInt8]) {
            var written = 0
            var inputOpen = true
            var stderr: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            var status: Int32 = 0
            let deadline = ContinuousClock.now + timeout
            func drain() {
                while true {
                    let n = read(errors, &buffer, buffer.count)
                    guard n > 0 else { return }
                    if stderr.count < 64 << 10 { stderr += buffer[0..<min(n, (64 << 10) - stderr.count)] }
                }
            }
            func closeInput() {
                if inputOpen { close(input) }
                inputOpen = false
            }
            defer {
                closeInput()
                close(errors)
            }
            while true {
                if inputOpen {
                    if written < bytes.count {
                        let n = bytes[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                        if n > 0 {
                            written += n
                        } else if n < 0 && errno != EAGAIN {
                            closeInput()  // it does not read its input (EPIPE)
                        }
                    }
                    if written == bytes.count { closeInput() }
                }
                drain()
                if waitpid(pid, &status, WNOHANG) == pid { break }
                if ContinuousClock.now >= deadline {
                    kill(-pid, SIGTERM)
                    let grace = ContinuousClock.now + .seconds(2)
                    while waitpid(pid, &status, WNOHANG) != pid {
                        if ContinuousClock.now >= grace {
                            kill(-pid, SIGKILL)
                            waitpid(pid, &status, 0)
                            break
                        }
                        usleep(10_000)
                    }
                    kill(-pid, SIGKILL)  // what it started, too
                    drain()
                    return (.timedOut, stderr)
                }
                usleep(5_000)
            }
            drain()
            let signal = status & 0x7F
            return (signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal), stderr)
        }
    }
}
