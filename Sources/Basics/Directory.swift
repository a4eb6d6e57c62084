import Foundation

/// Creating directories with the modes of README "Files under var/" and "As a systemd service": the one
/// `mkdir -p` of the project (the service's start-up, the alert log and the spool all use it).
public enum Directory {
    /// Creates `path` and its missing parents. The directory itself gets `mode` exactly (the umask
    /// does not apply: the setgid and group bits are wanted as given); missing parents get
    /// `parentMode`. An existing directory is left as it is. Returns 0 or an errno (`ENOTDIR` when
    /// `path` or a parent exists and is not a directory).
    @discardableResult
    public static func create(_ path: String, mode: mode_t, parentMode: mode_t? = nil) -> Int32 {
        if path.isEmpty { return 0 }
        var st = stat()
        if stat(path, &st) == 0 { return (st.st_mode & S_IFMT) == S_IFDIR ? 0 : ENOTDIR }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path {
            let rc = create(parent, mode: parentMode ?? mode, parentMode: parentMode)
            if rc != 0 { return rc }
        }
        if mkdir(path, mode) != 0 && errno != EEXIST { return errno }
        _ = chmod(path, mode)
        return 0
    }

    /// Whether `path` is a directory this process may create files in (write and search permission);
    /// nil when it is, else the errno that creating a file there would meet.
    public static func writableProblem(_ path: String) -> Int32? {
        var st = stat()
        guard stat(path, &st) == 0 else { return errno }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return ENOTDIR }
        return access(path, W_OK | X_OK) == 0 ? nil : errno
    }

    /// The text of an errno, as `strerror` gives it.
    public static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
