/// Results of a pure function of a string, computed once per distinct string and shared by
/// threads. Parsing a schedule, a rule or a regular expression, planning a crontab schedule,
/// or reading a zone file costs tens of microseconds or more; a repository of 10,000 jobs
/// holds a few dozen distinct ones.
public final class MemoCache<Value: Sendable>: Sendable {
    private let values = Locked<[String: Value]>([:])

    public init() {}

    public func value(for key: String, _ compute: (String) -> Value) -> Value {
        if let known = values.withLock({ $0[key] }) { return known }
        // Computed outside the lock: two threads may both compute a new key once; both get
        // the same value, since `compute` is pure.
        let value = compute(key)
        values.withLock { $0[key] = value }
        return value
    }
}
